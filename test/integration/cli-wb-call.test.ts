/**
 * Wildberries requests: each path to its category's host (one sandbox base URL stands for all of
 * them), origin pinning per host, read-only and wrong-category tokens, writes sent once, 429 waits,
 * and the token redacted in every output.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';
import { json, recorder } from '../helpers/recording-origins.js';

const { sandbox, env: base } = await sandboxForFile({}, { resetBeforeEach: true });
const WB = S.wb;
const mkt = (args: string[], token = WB.valid.token, extra: Record<string, string> = {}) =>
  runMkt(args, { env: { ...base, WB_API_URL: sandbox.baseUrls.wb, WB_API_TOKEN: token, NO_COLOR: '1', ...extra } });
const hits = (key: string): number => sandbox.stats.byPath[key] ?? 0;

describe('mkt call wb: the host comes from the path', () => {
  it('sends each path to its host, and a full URL on a WB host to that host', async () => {
    const r = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses', '--filter', '[].name']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Склад продавца, Подольск\nСклад продавца, Казань\n');
    expect(hits('GET /wb/marketplace-api/api/v3/warehouses')).toBe(1);
    expect((await mkt(['call', 'wb', '/ping'])).code).toBe(0);
    expect((await mkt(['call', 'wb', 'https://content-api.wildberries.ru/ping'])).code).toBe(0);
    expect([hits('GET /wb/common-api/ping'), hits('GET /wb/content-api/ping')]).toEqual([1, 1]);
  });

  it('refuses, before sending, a path no WB host serves and a full URL on any other host', async () => {
    expectOneLineError(await mkt(['call', 'wb', '/api/v9/nothing']), 2, /^mkt: wb: no Wildberries API host is known for '\/api\/v9\/nothing'$/);
    for (const url of ['https://wildberries.ru.evil.example/ping', 'http://content-api.wildberries.ru/ping']) {
      const r = await mkt(['call', 'wb', url]);
      expectOneLineError(r, 2, /^mkt: refusing to send credentials to \S+: not the provider's origin/);
      expectNoPieceOf(r, WB.valid.token);
    }
    expect(sandbox.stats.requests).toBe(0);
  });

  it('a base URL without {host} is one host for every path', async () => {
    const r = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses'], WB.valid.token, { WB_API_URL: `${sandbox.url}/wb/marketplace-api` });
    expect(r.code, r.stderr).toBe(0);
    expect(hits('GET /wb/marketplace-api/api/v3/warehouses')).toBe(1);
  });

  it('a token without the category is rejected by that host: exit 4, WB\'s words', async () => {
    const r = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses'], WB.wrongCategory.token);
    expectOneLineError(r, 4, /^mkt: wb: GET 127\.0\.0\.1:\d+\/wb\/marketplace-api\/api\/v3\/warehouses → 401: unauthorized: token scope not allowed/);
  });

  it('a read-only token reads, and its write is rejected once: never sent again', async () => {
    const stock = ['call', 'wb', 'PUT', '/api/v3/stocks/701', 'stocks:=[{"chrtId":12345678,"amount":3}]'];
    expect((await mkt(['call', 'wb', 'GET', '/api/v3/warehouses'], WB.readOnly.token)).code).toBe(0);
    expectOneLineError(await mkt(stock, WB.readOnly.token), 4, /→ 401: unauthorized: read-only token scope not allowed/);
    expect(hits('PUT /wb/marketplace-api/api/v3/stocks/701')).toBe(1);
    const written = await mkt(stock);
    expect(written.code, written.stderr).toBe(0);
    expect(hits('PUT /wb/marketplace-api/api/v3/stocks/701')).toBe(2);
  });

  it('a 503 on a GET that starts a campaign is sent once; on a GET that reads, retried', async () => {
    const start = await mkt(['call', 'wb', 'GET', '/adv/v0/start', 'id==1', 'X-Sandbox-Fault:status=503']);
    expectOneLineError(start, 7, /→ 503/);
    expect(start.stderr).toMatch(/^ {2}not retried: GET \/wb\/advert-api\/adv\/v0\/start is not known to only read/m);
    expect(hits('GET /wb/advert-api/adv/v0/start')).toBe(1);
    const read = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses', 'X-Sandbox-Fault:503-once']);
    expect(read.code, read.stderr).toBe(0);
    expect(hits('GET /wb/marketplace-api/api/v3/warehouses')).toBe(2);
  });

  it('a 429 is waited out for the X-Ratelimit-Retry seconds WB sends, then retried', async () => {
    const started = Date.now();
    const r = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses', 'X-Sandbox-Fault:429-once']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rate limited \(HTTP 429\); waiting 1\.0 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(hits('GET /wb/marketplace-api/api/v3/warehouses')).toBe(2);
  });

  it('never shows the token: --curl names its variable, -v and --dry-run mask it', async () => {
    const curl = await mkt(['call', 'wb', 'GET', '/api/v3/warehouses', '--curl']);
    expect(curl.stdout).toMatch(/^curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/wb\/marketplace-api\/api\/v3\/warehouses' -H 'Authorization: '"\$WB_API_TOKEN"/);
    const outputs = [curl, await mkt(['call', 'wb', '/ping', '-v']), await mkt(['call', 'wb', '/api/v3/warehouses', '--dry-run']), await mkt(['whoami', 'wb', '--json'])];
    for (const out of outputs) expectNoPieceOf(out, WB.valid.token);
  });
});

describe('wb against a server of the test\'s own', () => {
  it('sends the token as it is (no Bearer), and fails whoami when a granted category\'s host rejects it', async () => {
    const api = await recorder();
    try {
      api.handle((req, res) => {
        if (req.url === '/marketplace-api/ping') return json(res, 401, { title: 'unauthorized', detail: 'token scope not allowed' });
        if (req.url === '/common-api/api/v1/seller-info') return json(res, 200, { name: 'ИП Тест', sid: 'x', tradeMark: 'T' });
        return json(res, 200, { TS: '2026-01-01T00:00:00Z', Status: 'OK' });
      });
      const r = await mkt(['whoami', 'wb'], WB.valid.token, { WB_API_URL: `${api.url}/{host}` });
      expect(r.code, r.stdout).toBe(4);
      expect(r.stdout).toMatch(/^ {4}wb: GET 127\.0\.0\.1:\d+\/marketplace-api\/ping → 401: unauthorized: token scope not allowed$/m);
      expect(r.stdout).toMatch(/^ {4}ping marketplace: the credentials were rejected there, though accepted elsewhere \(ping content ok, ping prices ok, ping marketplace rejected, /m);
      expect(api.hits.map((h) => h.headers.authorization)).toEqual(api.hits.map(() => WB.valid.token));
      expect(api.hits).toHaveLength(7);
      expectNoPieceOf(r, WB.valid.token);
    } finally {
      await api.close();
    }
  });
});
