import type { HttpClient, HttpRequest, HttpResponse } from '../core/types.js';
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { flattenHeaders, timeoutError } from './shared.js';

/**
 * The light client: node:http costs ~0.4 ms to load where undici costs ~60 ms, so one-shot
 * commands (whoami, login, a single call) use this one. Keep-alive still reuses the connection.
 */
export function createNodeClient(): HttpClient {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    request: (req) => send(req, agents),
    async close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function send(req: HttpRequest, agents: { http: HttpAgent; https: HttpsAgent }): Promise<HttpResponse> {
  const secure = req.url.protocol === 'https:';
  const doRequest = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = doRequest(req.url, {
      method: req.method,
      headers: req.headers,
      agent: secure ? agents.https : agents.http,
      signal: req.signal,
    });
    let timer: NodeJS.Timeout | undefined;
    if (req.timeoutMs) {
      // Total time to the response headers; after that the socket idle limit guards a stalled body.
      timer = setTimeout(() => outgoing.destroy(timeoutError(req.timeoutMs!)), req.timeoutMs);
      outgoing.setTimeout(req.timeoutMs, () => outgoing.destroy(timeoutError(req.timeoutMs!)));
    }
    outgoing.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    outgoing.on('response', (res: IncomingMessage) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: res });
    });
    const body = req.body;
    if (body === undefined) outgoing.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) outgoing.end(body);
    else (body as Readable).pipe(outgoing);
  });
}
