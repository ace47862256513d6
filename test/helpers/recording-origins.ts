/**
 * What the security-*.test.ts files share: small loopback servers that record every request that
 * reaches them (and answer what each test says), the sandbox credentials they look for, and a
 * file-wide setup with the provider's origin and another one.
 */
import { afterAll, afterEach, expect } from 'vitest';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { runMkt, tempHome } from './cli.js';
import { VALID_CREDENTIALS_ENV } from './sandbox.js';

export interface Hit { method: string; url: string; headers: IncomingHttpHeaders; body: string }
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface TestServer {
  url: string;
  port: number;
  hits: Hit[];
  /** Bytes the server could not parse as HTTP (a body read as the next request...). */
  parseErrors: string[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

/** A loopback server that records every request; what it answers is set per test. */
export async function recorder(host = '127.0.0.1'): Promise<TestServer> {
  const hits: Hit[] = [];
  const parseErrors: string[] = [];
  let handler: Handler = (_req, res) => json(res, 200, { ok: true });
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    parseErrors.push(`${err.code}: ${err.rawPacket?.toString() ?? ''}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    parseErrors,
    handle: (h) => (handler = h),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const OZON = S.ozon.valid;
export const YANDEX = S.yandex.valid;
export const OZZIE = S.ozzie.valid;
export const OZZIE_BEARER = Buffer.from(`${OZZIE.clientId}:${OZZIE.clientSecret}`).toString('base64');
export const SECRETS = [OZON.apiKey, YANDEX.token, OZZIE.clientSecret, OZZIE_BEARER];
/** The forms a secret takes in a URL too. */
export const URL_FORMS = SECRETS.flatMap((s) => [s, encodeURIComponent(s), s.replace(/:/g, '%3A')]);

export const PROVIDER_CALLS: Array<[string, string[]]> = [
  ['ozon', ['POST', '/v1/roles']],
  ['yandex', ['GET', '/v2/campaigns']],
  ['ozzie', ['GET', '/v1/users']],
];

/**
 * For one test file (call it at the top level, with await): a temp HOME and two recorders,
 * `api` (the provider's origin; the base URL has no path, like production) and `other` (another
 * origin: another port on the same host). After each test: `api` must have parsed everything mkt
 * sent; the hits are cleared and both answer their defaults again. All closed after the file.
 */
export async function recordingOrigins() {
  const home = tempHome();
  const [api, other] = await Promise.all([recorder(), recorder()]);
  afterAll(async () => {
    await Promise.all([api.close(), other.close()]);
    home.cleanup();
  });
  afterEach(() => {
    expect(api.parseErrors, 'the server could not parse what mkt sent').toEqual([]);
    api.hits.length = 0;
    other.hits.length = 0;
    api.handle((_req, res) => json(res, 200, { ok: true }));
    other.handle((_req, res) => json(res, 200, { stolen: true }));
  });

  /** Every provider pointed at `base`, with valid-looking credentials in the environment (as in CI). */
  const envFor = (base = api.url, extra: Record<string, string> = {}): Record<string, string> => ({
    ...home.env,
    OZON_API_URL: base, YANDEX_MARKET_API_URL: base, OZZIE_API_URL: base,
    ...VALID_CREDENTIALS_ENV,
    ...extra,
  });
  const mkt = (args: string[], extra: Record<string, string> = {}, input?: string) => runMkt(args, { env: envFor(api.url, extra), input });
  const call = (args: string[], extra: Record<string, string> = {}) => mkt(['call', ...args], extra);
  return { home, api, other, envFor, mkt, call };
}
