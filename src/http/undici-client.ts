import type { HttpClient, HttpRequest, HttpResponse } from '../core/types.js';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { flattenHeaders, timeoutError } from './shared.js';

/**
 * The pooled client for long runs (pagination): one keep-alive connection per origin by default,
 * so sequential pages never open a second one while undici is still settling the first.
 * Costs ~60 ms to load: never on the one-shot path.
 */
export function createUndiciClient(opts: { connections?: number } = {}): HttpClient {
  const dispatcher = new Agent({ connections: opts.connections ?? 1, keepAliveTimeout: 10_000 });
  return {
    async request(req): Promise<HttpResponse> {
      const deadline = headersDeadline(req);
      let informational: number | undefined;
      try {
        const res = await request(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          dispatcher,
          signal: deadline.signal,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
          onInfo: ({ statusCode }) => void (informational = statusCode),
        });
        return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
      } catch (err) {
        if (switchedProtocols(err, informational)) return { status: 101, headers: {}, body: Readable.from([]) };
        throw err;
      } finally {
        deadline.clear();
      }
    },
    close: () => dispatcher.close(),
  };
}

/**
 * `--timeout` as the total wait for the final status line, as the node:http client has it: undici
 * restarts its headers timer on every 1xx, so a server sending `102 Processing` forever kept a
 * `--paginate` run waiting with no end.
 */
function headersDeadline(req: HttpRequest): { signal: AbortSignal | undefined; clear: () => void } {
  if (!req.timeoutMs) return { signal: req.signal, clear: () => {} };
  const ms = req.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutError(ms)), ms);
  return {
    signal: req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal,
    clear: () => clearTimeout(timer),
  };
}

/**
 * A 101 that switches protocols mkt never asked for: undici hangs up with `bad upgrade` (an Upgrade
 * header) or trips its own assertion (none). Either way the server did answer, so the caller gets
 * the 101 as the answer (an HTTP error, not a network one) instead of a "connection reset".
 */
function switchedProtocols(err: unknown, informational: number | undefined): boolean {
  const e = err as NodeJS.ErrnoException;
  return informational === 101 || (e?.code === 'UND_ERR_SOCKET' && e.message === 'bad upgrade');
}
