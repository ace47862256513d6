import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoSecret, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { home, env: sandboxOnly } = await sandboxForFile();

const ALL_SECRETS = [S.ozon.valid.apiKey, S.ozon.invalid.apiKey, S.yandex.valid.token, S.yandex.invalid.token, S.ozzie.valid.clientSecret, S.ozzie.invalid.clientSecret];
const validEnv = () => ({ ...VALID_CREDENTIALS_ENV });
const whoami = (args: string[], env: Record<string, string>) => runMkt(['whoami', ...args], { env: { ...sandboxOnly, ...env } });

describe('mkt whoami in CI (credentials from env)', () => {
  it('checks every provider set in the environment and exits 0 when all pass', async () => {
    const r = await whoami([], validEnv());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ ozon \(env OZON_CLIENT_ID, OZON_API_KEY\)\n\s+company\s+ООО Песочница\n\s+roles\s+Admin\n\s+key expires\s+\d{4}-\d\d-\d\d \(in 90 days\)/);
    expect(r.stdout).toMatch(/✓ yandex \(env YANDEX_MARKET_API_KEY\)\n\s+token\s+sandbox token\n\s+scopes\s+ALL_METHODS/);
    expect(r.stdout).toMatch(/✓ ozzie \(env OZZIE_CLIENT_ID, OZZIE_CLIENT_SECRET\)\n\s+client_id\s+ozz_client_sandbox\n\s+credentials\s+accepted/);
    expectNoSecret(r, ...ALL_SECRETS);
  });

  it('prints every result and exits 4 when one set is rejected', async () => {
    const r = await whoami([], { ...validEnv(), YANDEX_MARKET_API_KEY: S.yandex.invalid.token });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/✓ ozon/);
    expect(r.stdout).toMatch(/✗ yandex \(env YANDEX_MARKET_API_KEY\)\n\s+yandex: POST \/yandex\/v2\/auth\/token → 401: UNAUTHORIZED: Api-Key token is revoked/);
    expect(r.stdout).toMatch(/✓ ozzie/);
    expectNoSecret(r, ...ALL_SECRETS);
  });

  it('reports an Ozon invalid key (404 code 5) as rejected, exit 4', async () => {
    const r = await whoami(['ozon', '--json'], { OZON_CLIENT_ID: S.ozon.invalid.clientId, OZON_API_KEY: S.ozon.invalid.apiKey });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ provider: 'ozon', ok: false, exitCode: 4, error: expect.stringMatching(/404: Invalid Api-Key/) })]);
    expectNoSecret(r, S.ozon.invalid.apiKey);
  });

  it('rejects an Ozzie secret with 401 → exit 4', async () => {
    const r = await whoami(['ozzie'], { OZZIE_CLIENT_ID: S.ozzie.invalid.clientId, OZZIE_CLIENT_SECRET: S.ozzie.invalid.clientSecret });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/401: UNAUTHORIZED/);
    expectNoSecret(r, S.ozzie.invalid.clientSecret, Buffer.from(`${S.ozzie.invalid.clientId}:${S.ozzie.invalid.clientSecret}`).toString('base64'));
  });

  it('warns when an Ozon key expires within 14 days, still exit 0', async () => {
    const r = await whoami(['ozon'], { OZON_CLIENT_ID: S.ozon.expiring.clientId, OZON_API_KEY: S.ozon.expiring.apiKey });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/! the Api-Key expires in [45] days/);
  });

  it('accepts a key without the seller/info role, just without the company', async () => {
    const r = await whoami(['ozon', '--json'], { OZON_CLIENT_ID: S.ozon.noRole.clientId, OZON_API_KEY: S.ozon.noRole.apiKey });
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)[0].identity.company).toBeUndefined();
  });

  it('verifies a legacy Yandex OAuth token with GET /v2/campaigns', async () => {
    const r = await whoami(['yandex'], { YANDEX_MARKET_API_KEY: S.yandex.oauth.token });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/token\s+OAuth \(legacy\)/);
  });

  it('a partial env set is exit 3 naming the missing variable', async () => {
    const r = await whoami(['ozon'], { OZON_CLIENT_ID: '100200' });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/OZON_API_KEY is not set, but OZON_CLIENT_ID is/);
  });

  it('nothing configured is exit 3 with a hint', async () => {
    expectOneLineError(await whoami([], {}), 3, /no credentials configured/);
  });

  it('a refused connection is exit 6 with a one-line reason', async () => {
    const r = await whoami(['yandex'], { YANDEX_MARKET_API_KEY: S.yandex.valid.token, YANDEX_MARKET_API_URL: 'http://127.0.0.1:9/yandex' });
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/✗ yandex .*\n\s+yandex: POST http:\/\/127\.0\.0\.1:\d+\/yandex\/v2\/auth\/token: connection refused/);
    // Ozon's identity call is a read, retried: each wait is said on stderr, not sat out in silence.
    const ozon = await whoami(['ozon'], { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey, OZON_API_URL: 'http://127.0.0.1:9/ozon' });
    expect(ozon.code).toBe(6);
    expect(ozon.stderr.match(/^mkt: ozon: connection refused; retrying a read-only request; waiting \d+\.\d s$/gm)).toHaveLength(2);
  });

  it('a base URL that answers 2xx but not as the provider does is exit 7, never a pass', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await whoami(['ozon'], { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey, OZON_API_URL: url });
      expect(r.code).toBe(7);
      expect(r.stdout).toMatch(/ozon: POST \/v1\/roles answered, but not as Ozon Seller API does: is the base URL \(http:\/\/127\.0\.0\.1:\d+\) right\?/);
    } finally {
      server.close();
    }
  });

  it('refuses a plain-http base URL that is not loopback (exit 2)', async () => {
    const r = await whoami(['ozzie'], { ...validEnv(), OZZIE_API_URL: 'http://api.example.com' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/must use https/);
  });

  it('rejects an unknown provider with exit 2', async () => {
    expectOneLineError(await whoami(['aliexpress'], {}), 2, /unknown provider 'aliexpress'/);
  });

  it('gives exit 5 at once when Yandex says the hourly token-check limit is used up', async () => {
    const limited = await startSandbox({ yandexHourly: { 'auth/token': 1 } });
    try {
      // A cache dir of its own: what the first run learns of the budget is kept there.
      const env = { ...home.env, MKT_CACHE_DIR: join(home.dir, 'cache-limited'), YANDEX_MARKET_API_URL: limited.baseUrls.yandex, YANDEX_MARKET_API_KEY: S.yandex.valid.token };
      expect((await runMkt(['whoami', 'yandex'], { env })).code).toBe(0);
      // The first answer said none are left: the second run does not spend a request to hear it again.
      const deferred = await runMkt(['whoami', 'yandex'], { env });
      expect(deferred.code).toBe(5);
      expect(deferred.stdout).toMatch(/not checked: Yandex allows 100 token checks an hour \(POST \/v2\/auth\/token\); none left until \d\d:00 UTC/);
      expect(limited.stats.byPath['POST /yandex/v2/auth/token']).toBe(1);
      // Without that memory (another machine spent it), Yandex's 420 says so: still exit 5 at once.
      rmSync(join(home.dir, 'cache-limited'), { recursive: true, force: true });
      const started = Date.now();
      const r = await runMkt(['whoami', 'yandex'], { env });
      expect(r.code).toBe(5);
      expect(r.stdout).toMatch(/420: the provider asks to wait \d+ (s|min), until \d{4}-\d\d-\d\d \d\d:00:00 UTC; giving up \(waits are limited to 30 s\)/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(limited.stats.byPath['POST /yandex/v2/auth/token']).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('whoami yandex: what the token\'s scopes allow, from the endpoint catalog', () => {
  it('an ALL_METHODS token (the sandbox\'s): every operation, counted per group, in text and --json', async () => {
    const r = await whoami(['yandex'], { YANDEX_MARKET_API_KEY: S.yandex.valid.token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n {4}operations +160 of 160 allowed, 88 of them write \(yandex-market-partner-api\.json\)\n/);
    expect(r.stdout).toMatch(/\n {6}pricing +37 of 37 allowed, 9 of them write\n/);
    const json = JSON.parse((await whoami(['yandex', '--json'], { YANDEX_MARKET_API_KEY: S.yandex.valid.token })).stdout);
    expect(json[0].identity.operations).toMatchObject({ allowed: 160, of: 160, writes: 88, groups: { pricing: { allowed: 37, of: 37, writes: 9 } } });
    expect(json[0].identity.operations.ids).toContain('updateBusinessPrices');
  });

  it('a PRICING_READ_ONLY token cannot update prices, and --json lets CI tell (jq .identity.operations.ids)', async () => {
    // Yandex's answer for such a token (getAuthTokenInfo), from a loopback server of this test.
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'OK', result: { apiKey: { name: 'prices ro', authScopes: ['PRICING_READ_ONLY'] } } })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { YANDEX_MARKET_API_KEY: S.yandex.valid.token, YANDEX_MARKET_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
      const text = await whoami(['yandex'], env);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/\n {6}pricing +29 of 37 allowed, 1 of them write\n/);
      expect(text.stdout).toMatch(/\n {6}settings-management +\d+ of 25 allowed, 0 of them write\n/);
      const [result] = JSON.parse((await whoami(['yandex', '--json'], env)).stdout);
      expect(result.identity.operations.groups.pricing).toEqual({ allowed: 29, of: 37, writes: 1 });
      expect(result.identity.operations.ids).not.toContain('updateBusinessPrices');
      expect(result.identity.operations.ids).toContain('getDefaultPrices');
    } finally {
      server.close();
    }
  });

  it('a spec from MKT_SPEC_YANDEX that cannot be read fails the row (exit 2), naming the variable', async () => {
    const r = await whoami(['yandex'], { YANDEX_MARKET_API_KEY: S.yandex.valid.token, MKT_SPEC_YANDEX: '/nonexistent/spec.json' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✗ yandex .*\n {4}MKT_SPEC_YANDEX: cannot read the spec '\/nonexistent\/spec\.json': no such file\n/);
  });
});
