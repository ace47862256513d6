/**
 * The access token's rules on core's own parts: a real sandbox over loopback HTTP, the memory store
 * and config (whose lock holds within the process, as the file index's holds among processes).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { tokenSession, RENEW_MARGIN_MS } from '../../src/core/token-session.js';
import { tokenAccount } from '../../src/core/token-cache.js';
import { ProviderHttpError } from '../../src/core/errors.js';
import type { Credentials } from '../../src/core/types.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';

const sandbox = await startSandbox();
afterAll(() => sandbox.close());
const base = new URL(sandbox.baseUrls['ozon-performance']);
const provider = builtInRegistry.find('ozon-performance')!;
const valid: Credentials = { ...S['ozon-performance'].valid };
const EXCHANGE = 'POST /ozon-performance/api/client/token';
const exchanges = () => sandbox.stats.byPath[EXCHANGE] ?? 0;
const control = (query: string) => fetch(`${sandbox.baseUrls['ozon-performance']}/_sandbox/tokens?${query}`, { method: 'POST' });

beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
});

/** Several "processes": each its own context, one store and one config (its lock) between them. */
function shared() {
  const store = mapStore();
  const config = memoryConfig();
  let now = Date.now();
  const ctx = () => {
    const c = testContext({}, store, config);
    c.clock = { ...c.clock, now: () => now };
    return c;
  };
  return { store, ctx, advance: (ms: number) => (now += ms), session: (values = valid) => tokenSession(ctx(), provider, { profile: 'default', values, source: 'memory' }, base)! };
}

describe('the access token of a stored profile', () => {
  it('is exchanged once, written beside the secret, and reused by the next command', async () => {
    const s = shared();
    const first = await s.session().token();
    expect(exchanges()).toBe(1);
    const stored = JSON.parse(s.store.data.get(tokenAccount('ozon-performance', 'default'))!) as Record<string, unknown>;
    expect(stored).toMatchObject({ accessToken: first });
    expect(JSON.stringify(stored)).not.toContain(valid.clientSecret);
    const next = s.session();
    expect(await next.token()).toBe(first);
    expect(next.current()?.reused).toBe(true);
    expect(exchanges()).toBe(1);
  });

  it('is exchanged anew a minute before it expires, not later', async () => {
    const s = shared();
    const first = await s.session().token();
    s.advance(1800_000 - RENEW_MARGIN_MS - 5_000);
    expect(await s.session().token()).toBe(first);
    s.advance(10_000);
    const renewed = s.session();
    expect(await renewed.token()).not.toBe(first);
    expect(renewed.current()?.reused).toBe(false);
    expect(exchanges()).toBe(2);
  });

  it('of another client_id is not reused, nor an entry that is not mkt\'s', async () => {
    const s = shared();
    await s.session().token();
    await s.session({ ...S['ozon-performance'].other }).token();
    expect(exchanges()).toBe(2);
    s.store.data.set(tokenAccount('ozon-performance', 'default'), '{"accessToken":"x\\r\\nInjected: 1","expiresAt":99999999999999}');
    expect(await s.session({ ...S['ozon-performance'].other }).token()).toMatch(/^sbxperf\./);
    expect(exchanges()).toBe(3);
  });

  it('is exchanged by one of ten commands that ask at once; the other nine wait and reuse it', async () => {
    const s = shared();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => s.session().token()));
    expect(new Set(tokens).size).toBe(1);
    expect(exchanges()).toBe(1);
  });

  it('is renewed after a 401, and the renewal of one command serves the others', async () => {
    const s = shared();
    const first = await s.session().token();
    await control('revoke=1');
    const a = s.session();
    const b = s.session();
    await Promise.all([a.token(), b.token()]);
    await Promise.all([a.renew(first), b.renew(first)]);
    expect(await a.token()).toBe(await b.token());
    expect(await a.token()).not.toBe(first);
    expect(exchanges()).toBe(2);
    expect(a.tokens()).toEqual([first, await a.token()]);
  });
});

describe('the exchange', () => {
  it('of a rejected pair is exit 4 and caches nothing', async () => {
    const s = shared();
    const error = await s.session({ ...S['ozon-performance'].invalid }).token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect((error as ProviderHttpError).exitCode).toBe(4);
    expect((error as Error).message).toMatch(/POST \/ozon-performance\/api\/client\/token → 401: invalid client_id or client_secret/);
    expect((error as Error).message).not.toContain(S['ozon-performance'].invalid.clientSecret);
    expect(s.store.data.size).toBe(0);
  });

  it('answered 200 by something that is not a token endpoint, or with a token no header can carry, is exit 7, naming the base URL', async () => {
    for (const answer of [{ status: 'OK' }, { access_token: 'a\r\nSet-Cookie: x', expires_in: 1800 }]) {
      const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const elsewhere = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const error = await tokenSession(testContext(), provider, { profile: 'default', values: valid }, elsewhere)!.token().catch((e: unknown) => e);
      server.close();
      expect((error as ProviderHttpError).exitCode).toBe(7);
      expect((error as Error).message).toMatch(/answered, but not with an access token: is the base URL \(http:\/\/127\.0\.0\.1:\d+\) right\?/);
    }
  });

  it('of a set from the environment is kept in this process only', async () => {
    const env = valid;
    const store = mapStore();
    const one = tokenSession(testContext({}, store), provider, { profile: 'default', values: env, source: 'env' }, base)!;
    const two = tokenSession(testContext({}, store), provider, { profile: 'default', values: env, source: 'env' }, base)!;
    expect(await two.token()).toBe(await one.token());
    expect(store.data.size).toBe(0);
  });
});
