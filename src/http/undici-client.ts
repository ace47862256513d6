import type { HttpClient, HttpResponse } from '../core/types.js';
import { Agent, request } from 'undici';
import { flattenHeaders } from './shared.js';

/**
 * The pooled client for long runs (pagination): one keep-alive connection per origin by default,
 * so sequential pages never open a second one while undici is still settling the first.
 * Costs ~60 ms to load: never on the one-shot path.
 */
export function createUndiciClient(opts: { connections?: number } = {}): HttpClient {
  const dispatcher = new Agent({ connections: opts.connections ?? 1, keepAliveTimeout: 10_000 });
  return {
    async request(req): Promise<HttpResponse> {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher,
        signal: req.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
    },
    close: () => dispatcher.close(),
  };
}
