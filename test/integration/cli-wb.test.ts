/**
 * Wildberries end to end: the built CLI against the sandbox's wb fake (tokens minted as JWTs), for
 * what the token says offline (expiry, categories, type) and whoami's seller call and pings.
 */
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';

const { sandbox, env: base } = await sandboxForFile({}, { resetBeforeEach: true });
const WB = S.wb;
const env = (token: string, extra: Record<string, string> = {}) => ({ ...base, WB_API_URL: sandbox.baseUrls.wb, WB_API_TOKEN: token, NO_COLOR: '1', ...extra });
const mkt = (args: string[], token: string, extra: Record<string, string> = {}, input?: string) => runMkt(args, { env: env(token, extra), input });
const hits = (path: string): number => sandbox.stats.byPath[path] ?? 0;
const CATEGORIES = { content: 'content-api', prices: 'discounts-prices-api', marketplace: 'marketplace-api', statistics: 'statistics-api', promotion: 'advert-api', feedbacks: 'feedbacks-api' };

describe('mkt whoami wb', () => {
  it('names the seller, decodes the token, and pings the host of every category it grants, once each', async () => {
    const r = await mkt(['whoami', 'wb'], WB.valid.token);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✓ wb \(env WB_API_TOKEN\)\n {4}seller +ИП Песочница\n {4}trade mark +Sandbox Store\n {4}token +personal, read and write\n {4}categories +content, prices, marketplace, statistics, promotion, feedbacks\n/);
    expect(r.stdout).toMatch(/^ {4}expires +\d{4}-\d\d-\d\d \(in 1(79|80) days\)$/m);
    for (const [name, host] of Object.entries(CATEGORIES)) {
      expect(r.stdout).toMatch(new RegExp(`^ {4}ping ${name} +ok$`, 'm'));
      expect(hits(`GET /wb/${host}/ping`), host).toBe(1);
    }
    expect(hits('GET /wb/common-api/api/v1/seller-info')).toBe(1);
    expect(sandbox.stats.requests).toBe(7);
    expectNoPieceOf(r, WB.valid.token);
  });

  it('says it all in --json: the token\'s facts and each check', async () => {
    const r = await mkt(['whoami', 'wb', '--json'], WB.readOnly.token);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout);
    expect(row.identity).toMatchObject({ seller: 'ИП Песочница', token: { tokenType: 'personal', readOnly: true, test: false, categories: Object.keys(CATEGORIES) } });
    expect(row.identity.checks).toEqual(Object.fromEntries(Object.keys(CATEGORIES).map((c) => [`ping ${c}`, 'ok'])));
    expectNoPieceOf(r, WB.readOnly.token);
  });

  it('refuses an expired token with exit 4 before anything is sent: whoami, call, and login even unverified', async () => {
    for (const args of [['whoami', 'wb'], ['call', 'wb', 'GET', '/api/v3/warehouses'], ['login', 'wb', '--stdin', '--no-verify', '--store', 'file']]) {
      const r = await mkt(args, WB.expired.token, { MKT_PASSPHRASE: 'p' }, args[0] === 'login' ? WB.expired.token : undefined);
      const text = args[0] === 'whoami' ? `mkt: ${r.stdout.split('\n')[1]!.trim()}\n` : r.stderr;
      expect(r.code, args.join(' ')).toBe(4);
      expect(text).toMatch(/^mkt: wb: the credentials expired on 2025-01-01 00:00 UTC \(they say so themselves\); nothing was sent\n/);
      expectNoPieceOf(r, WB.expired.token);
    }
    expect(sandbox.stats.requests).toBe(0);
    expect((await mkt(['status', '--json'], WB.valid.token)).stdout).not.toMatch(/"profile": "default"/);
  });

  it('warns of a token that expires within 14 days; status shows the date of the stored one and of the environment\'s', async () => {
    const r = await mkt(['whoami', 'wb'], WB.expiring.token);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}! expires in [45] days \(\d{4}-\d\d-\d\d\): create a new one and run `mkt login wb`$/m);
    const login = await mkt(['login', 'wb', '--stdin', '--store', 'file', '-p', 'soon'], WB.valid.token, { MKT_PASSPHRASE: 'p' }, WB.expiring.token);
    expect(login.code, login.stderr).toBe(0);
    const status = await mkt(['status'], WB.valid.token);
    expect(status.stdout).toMatch(/^[* ] +wb +- +env +- +from environment, expires \d{4}-\d\d-\d\d \(in 1(79|80) days\)(;|$)/m);
    expect(status.stdout).toMatch(/^[* ] +wb +soon +file +- +saved \S+, verified \S+, expires \d{4}-\d\d-\d\d \(in [45] days\)(;|$)/m);
    const rows = JSON.parse((await mkt(['status', '--json'], WB.valid.token)).stdout);
    expect(rows[1]).toMatchObject({ profile: 'soon', expired: false, daysLeft: expect.any(Number), expiresAt: expect.stringMatching(/^\d{4}-/) });
    for (const out of [login, status]) expectNoPieceOf(out, WB.expiring.token);
  });

  it('a test token: no seller asked (WB refuses it), every ping on a -sandbox host, and says where it goes', async () => {
    const r = await mkt(['whoami', 'wb'], WB.test.token);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ {4}seller +not asked: a test token cannot read it$/m);
    expect(r.stdout).toMatch(/^ {4}! a test token: it works only in WB's sandbox, so mkt sends it to the sandbox hosts \(content-api-sandbox\.wildberries\.ru, …\)$/m);
    for (const host of Object.values(CATEGORIES)) expect(hits(`GET /wb/${host}-sandbox/ping`), host).toBe(1);
    expect(sandbox.stats.requests).toBe(6);
    // Sent to a production host (a full URL), as WB: refused.
    const prod = await mkt(['call', 'wb', 'GET', 'https://marketplace-api.wildberries.ru/api/v3/warehouses'], WB.test.token);
    expectOneLineError(prod, 4, /→ 401: unauthorized: a test token works only on the sandbox hosts/);
    expect(hits('GET /wb/marketplace-api/api/v3/warehouses')).toBe(1);
  });

  it('a base token: not asked for the seller either (once a day), its two categories pinged', async () => {
    const r = await mkt(['whoami', 'wb'], WB.base.token);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ {4}token +base, read and write\n {4}categories +content, marketplace\n/m);
    expect(hits('GET /wb/common-api/api/v1/seller-info')).toBe(0);
    expect([hits('GET /wb/content-api/ping'), hits('GET /wb/marketplace-api/ping')]).toEqual([1, 1]);
  });

  it('a token WB did not sign is rejected (exit 4) with WB\'s own words', async () => {
    const r = await mkt(['whoami', 'wb'], WB.invalid.token);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^ {4}wb: GET 127\.0\.0\.1:\d+\/wb\/common-api\/api\/v1\/seller-info → 401: unauthorized: token problem; token signature is invalid$/m);
    expectNoPieceOf(r, WB.invalid.token);
  });

  it('a malformed token is one clear error, exit 2, nothing sent and no piece of it shown', async () => {
    const broken = `${WB.valid.token.split('.').slice(0, 2).join('.')}!.x`;
    const bad = `${WB.valid.token.split('.')[0]}.${Buffer.from('{"exp":"soon"}').toString('base64url')}.x`;
    for (const token of [broken, bad, `Bearer ${WB.valid.token}`]) {
      const r = await mkt(['call', 'wb', '/ping'], token);
      expectOneLineError(r, 2, /^mkt: wb API token (is not valid: expected a JWT|has no expiry)/);
      expectNoPieceOf(r, token);
    }
    expect(sandbox.stats.requests).toBe(0);
  });

  it('a ping over WB\'s limit (3 per 30 s per host) is reported, not retried, and does not fail the check', async () => {
    const strict = await startSandbox({ wbPingLimit: 1 });
    try {
      const run = () => mkt(['whoami', 'wb'], WB.wrongCategory.token, { WB_API_URL: strict.baseUrls.wb });
      expect((await run()).code).toBe(0);
      const r = await run();
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/^ {4}ping statistics +failed$/m);
      expect(r.stdout).toMatch(/^ {4}! ping statistics failed: wb: GET 127\.0\.0\.1:\d+\/wb\/statistics-api\/ping → 429: too many requests: limited by the sandbox/m);
      expect(strict.stats.byPath['GET /wb/statistics-api/ping']).toBe(2);
    } finally {
      await strict.close();
    }
  });
});
