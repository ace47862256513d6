import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { handleControl, type SandboxStats } from './control.js';
import { deliver, FaultCounters, FaultSyntaxError, parseFaults, replacementReply, requestedFaults, type FaultPlan } from './faults.js';
import { FAKES, type FakeId, type FakeOptions } from './fakes.js';
import { BodyTooLargeError, json, readBody, send, type ProviderSandbox } from './respond.js';

export { FAKES, SANDBOX_CREDENTIALS } from './fakes.js';
export { agency } from './fakes.js';
export { AGENCY_MAX } from './agency.js';

export interface SandboxOptions extends FakeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Every provider answer waits this long (a far API): lets a test see how many requests a client keeps in flight. Default 0. */
  answerDelayMs?: number;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Each fake's base URL, by provider id: `${url}/<id>`. */
  baseUrls: Record<FakeId, string>;
  /** Every request received, keyed `METHOD /path` (no query). Live: reset in place by POST /_sandbox/reset. */
  stats: SandboxStats;
  /** Closes every connection too, stalled ones included, so it never hangs. */
  close(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024 * 1024;
const PROVIDER_PATH = new RegExp(`^/(${FAKES.map((f) => f.id).join('|')})(/.*)?$`);

/** Starts the local fake marketplace used by `mkt sandbox`, the demo and the integration tests. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const providers = Object.fromEntries(FAKES.map((f) => [f.id, f.create(opts)])) as Record<FakeId, ProviderSandbox>;
  const stats: SandboxStats = { requests: 0, connections: 0, byPath: {}, byStatus: {}, inFlight: 0, peakInFlight: 0 };
  const faultCounters = new FaultCounters();
  const closing = new AbortController();
  // Every delayed answer listens for the close: many at once are expected, not a leak.
  setMaxListeners(0, closing.signal);
  let url = '';
  let baseUrls = urlsOf('');

  const reset = (): void => {
    stats.requests = 0;
    stats.connections = 0;
    for (const key of Object.keys(stats.byPath)) delete stats.byPath[key];
    for (const key of Object.keys(stats.byStatus)) delete stats.byStatus[key];
    stats.peakInFlight = stats.inFlight;
    faultCounters.reset();
    for (const p of Object.values(providers)) p.reset();
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, json(500, { error: `sandbox internal error: ${(err as Error).message}` }));
    });
  });
  server.on('connection', () => {
    stats.connections += 1;
  });
  // Longer than the clients' idle timeouts, so the client always closes an idle socket first.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const [path = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const query = new URLSearchParams(rawQuery);
    stats.requests += 1;
    const key = `${method} ${path}`;
    stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;

    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return send(res, json(413, { error: err.message }));
      throw err;
    }
    if (handleControl(method, path, query, res, { url, baseUrls, stats, reset })) return;

    const match = PROVIDER_PATH.exec(path);
    const provider = match ? providers[match[1] as FakeId] : undefined;
    if (!match || !provider) {
      return send(res, json(404, { error: `no such sandbox path ${key}; base URLs: ${Object.values(baseUrls).join(', ')}` }));
    }

    stats.inFlight += 1;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    res.once('close', () => {
      stats.inFlight -= 1;
      stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
    });
    // Set before any answer, faults included: Node then closes the connection after it.
    if (provider.closesConnections) res.setHeader('Connection', 'close');
    let plan: FaultPlan | undefined;
    const requested = requestedFaults(req.headers, query);
    if (requested) {
      try {
        plan = parseFaults(requested.spec);
      } catch (err) {
        if (err instanceof FaultSyntaxError) return send(res, json(400, { error: err.message }));
        throw err;
      }
      if (!faultCounters.applies(requested.id ?? `${requested.spec} ${key}`, plan.times)) plan = undefined;
    }

    const reply =
      (plan && replacementReply(plan, provider.errorReply)) ??
      provider.handle({
        method,
        path: match[2] ?? '/',
        query,
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress ?? '',
        now: Date.now(),
        onClose: (fn) => res.once('close', fn),
      });
    if (plan?.delayMs) await sleep(plan.delayMs, closing.signal);
    if (opts.answerDelayMs) await sleep(opts.answerDelayMs, closing.signal);
    if (res.destroyed || closing.signal.aborted) return;
    deliver(res, reply, plan);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  // Bound to every interface, it is also on loopback: the URL mkt accepts plain http for.
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? (address.family === 'IPv6' ? '[::1]' : '127.0.0.1') : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  baseUrls = urlsOf(url);

  return {
    url,
    baseUrls,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function urlsOf(url: string): Record<FakeId, string> {
  return Object.fromEntries(FAKES.map((f) => [f.id, url && `${url}/${f.id}${'basePath' in f ? f.basePath : ''}`])) as Record<FakeId, string>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
