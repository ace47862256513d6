/**
 * Yandex keeps no connection alive ("Keep-Alive не поддерживается", docs: concepts/method-call). mkt asks
 * for `Connection: close` on every Yandex request, so it never sends a request into a socket the server
 * has closed — which it may do right after an answer without saying so. Measured before the change,
 * against the unannounced-close server below: a POST --paginate failed at page 2 (exit 6, "may have
 * been applied"), and a GET run sent every page twice (the first copy into the closed socket).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runMkt, tempHome } from '../helpers/cli.js';
import { json, recorder } from '../helpers/recording-origins.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const PAGES = 20;
const server = await recorder();
const home = tempHome();
afterAll(async () => {
  await server.close();
  home.cleanup();
});
const { sandbox, env: sandboxEnv } = await sandboxForFile({}, { resetBeforeEach: true });

/** Answers page N of PAGES by page_token, then closes the connection with no `Connection: close` said. */
function closeEveryConnectionUnannounced(ports: Set<number>): void {
  server.handle((req, res) => {
    const socket = req.socket;
    ports.add(socket.remotePort ?? 0);
    const at = Number(new URL(req.url ?? '/', server.url).searchParams.get('page_token') ?? '0');
    res.on('finish', () => socket.end());
    json(res, 200, { items: [at], paging: at + 1 < PAGES ? { nextPageToken: String(at + 1) } : {} }, { connection: 'keep-alive' });
  });
}

const mkt = (args: string[]) =>
  runMkt(['call', 'yandex', ...args, '--paginate', '--items', '--rate', '0'], {
    env: { ...home.env, YANDEX_MARKET_API_URL: server.url, YANDEX_MARKET_API_KEY: VALID_CREDENTIALS_ENV.YANDEX_MARKET_API_KEY },
  });

describe('Yandex: no connection is reused', () => {
  it.each([['POST', ['x:=1']], ['GET', []]] as const)('%s --paginate against a server that closes every connection unannounced: each page sent once, all answered', async (method, items) => {
    server.hits.length = 0;
    const ports = new Set<number>();
    closeEveryConnectionUnannounced(ports);
    const r = await mkt([method, '/v2/things', ...items]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(Array.from({ length: PAGES }, (_, i) => String(i)));
    const tokens = server.hits.map((h) => new URL(h.url, server.url).searchParams.get('page_token') ?? '0');
    expect(tokens).toEqual(Array.from({ length: PAGES }, (_, i) => String(i)));
    expect(server.hits.every((h) => h.method === method && h.headers.connection === 'close')).toBe(true);
    expect(ports.size).toBe(PAGES);
  });

  it('the sandbox: one connection per page, each page requested once', async () => {
    const r = await runMkt(['call', 'yandex', 'GET', '/v2/campaigns', 'limit==50', '--paginate', '--items'], { env: { ...sandboxEnv, ...VALID_CREDENTIALS_ENV } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(120);
    expect([sandbox.stats.byPath['GET /yandex/v2/campaigns'], sandbox.stats.connections]).toEqual([3, 3]);
  });

  it('other providers keep their one pooled connection', async () => {
    const r = await runMkt(['call', 'ozon', '/v3/product/list', 'limit:=1000', '--paginate', '--items'], { env: { ...sandboxEnv, ...VALID_CREDENTIALS_ENV } });
    expect(r.code, r.stderr).toBe(0);
    expect(sandbox.stats.byPath['POST /ozon/v3/product/list']).toBeGreaterThan(1);
    expect(sandbox.stats.connections).toBe(1);
  });
});
