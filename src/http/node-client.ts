import type { HttpClient, HttpRequest, HttpResponse } from '../core/types.js';
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { flattenHeaders, stallError, timeoutError } from './shared.js';

type HttpsModule = typeof import('node:https');

/**
 * The one HTTP client: node:http costs ~0.4 ms to load (undici, used for pooled work until
 * issue 19, cost ~60 ms, and ~35 MB of RSS for compiling its WebAssembly parser: docs/performance.md).
 * Keep-alive reuses the connection. `connections: 1` (pooled work, --paginate): one socket per
 * origin, a request that comes while it is busy waits for it instead of opening a second one.
 * node:https (tls, crypto: a few ms) is loaded only for an https URL.
 */
export function createNodeClient(opts: { connections?: number } = {}): HttpClient {
  const agentOptions = { keepAlive: true, maxSockets: opts.connections ?? Infinity };
  const httpAgent = new HttpAgent(agentOptions);
  let https: Promise<{ module: HttpsModule; agent: HttpsAgent }> | undefined;
  const secure = () => (https ??= import('node:https').then((module) => ({ module, agent: new module.Agent(agentOptions) })));
  return {
    async request(req) {
      if (req.url.protocol !== 'https:') return send(req, httpRequest, httpAgent);
      const { module, agent } = await secure();
      return send(req, module.request, agent);
    },
    async close() {
      httpAgent.destroy();
      if (https) (await https).agent.destroy();
    },
  };
}

function send(req: HttpRequest, doRequest: typeof httpRequest, agent: HttpAgent | HttpsAgent): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // A request that says `Connection: close` (Yandex keeps no connection) gets a socket of its own,
    // closed after the answer: the agent would pool it again when the answer does not say close too,
    // and the next request would go into a socket the server has closed (core/send.ts, closing).
    const outgoing = doRequest(req.url, { method: req.method, headers: req.headers, agent: asksToClose(req.headers) ? false : agent, signal: req.signal });
    let timer: NodeJS.Timeout | undefined;
    let response: IncomingMessage | undefined;
    if (req.timeoutMs) {
      const ms = req.timeoutMs;
      // Total time to the response headers; after that the socket idle limit guards a stalled body,
      // whose reader must learn it stalled (destroying the request alone reads as a reset).
      timer = setTimeout(() => outgoing.destroy(timeoutError(ms)), ms);
      outgoing.setTimeout(ms, () => {
        const error = response ? stallError(ms) : timeoutError(ms);
        response?.destroy(error);
        outgoing.destroy(error);
      });
    }
    outgoing.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    outgoing.on('response', (res: IncomingMessage) => {
      clearTimeout(timer);
      // A bare 101 (no Upgrade header) arrives as a final answer, and its connection would go back to
      // the pool: after it the server no longer speaks HTTP there, so the next request sent on it hangs.
      if (res.statusCode === 101) {
        res.socket?.destroy();
        resolve({ status: 101, headers: flattenHeaders(res.headers), body: Readable.from([]) });
        return;
      }
      response = res;
      resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: res });
    });
    // A 101 that switches protocols mkt never asked for. With no listener node drops the socket and
    // the request neither answers nor fails (the process ended with exit 0, having printed nothing):
    // give the caller the 101 as an answer with no body, and hang up.
    outgoing.on('upgrade', (res: IncomingMessage, socket: Socket) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: flattenHeaders(res.headers), body: Readable.from([]) });
    });
    const body = req.body;
    if (body === undefined) outgoing.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) outgoing.end(body);
    else (body as NodeJS.ReadableStream).pipe(outgoing);
  });
}

const asksToClose = (headers: HttpRequest['headers']): boolean =>
  Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'connection' && /\bclose\b/i.test(value));
