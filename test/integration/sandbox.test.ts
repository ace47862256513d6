import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { encodeCursor } from '../../src/sandbox/ozon-catalog.js';

type Json = Record<string, any>;

async function withSandbox<T>(opts: SandboxOptions, fn: (sb: Sandbox) => Promise<T>): Promise<T> {
  const sb = await startSandbox({ port: 0, ...opts });
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

const ozonHeaders = (c: { clientId: string; apiKey: string }): Record<string, string> => ({ 'Client-Id': c.clientId, 'Api-Key': c.apiKey });

async function ozon(sb: Sandbox, path: string, headers: Record<string, string>, body: unknown = {}): Promise<{ status: number; json: Json }> {
  const res = await fetch(sb.baseUrls.ozon + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const yandexKey = { 'Api-Key': CREDS.yandex.valid.token };

describe('sandbox basics', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ port: 0 }); });
  afterAll(async () => { await sb.close(); });

  it('describes its base URLs at GET /', async () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.baseUrls).toEqual({ ozon: `${sb.url}/ozon`, yandex: `${sb.url}/yandex`, ozzie: `${sb.url}/ozzie`, 'ozon-performance': `${sb.url}/ozon-performance`, wb: `${sb.url}/wb/{host}` });
    const res = await fetch(`${sb.url}/`);
    expect(res.status).toBe(200);
    const index = (await res.json()) as Json;
    expect(index.baseUrls).toEqual(sb.baseUrls);
    expect(index.credentials).toEqual(CREDS);
  });

  it('has long, distinct secrets', () => {
    const secrets = [
      ...Object.values(CREDS.ozon).map((c) => c.apiKey),
      ...Object.values(CREDS.yandex).map((c) => c.token),
      ...Object.values(CREDS.ozzie).map((c) => c.clientSecret),
      ...Object.values(CREDS.wb).map((c) => c.token),
    ];
    for (const s of secrets) {
      expect(s.length).toBeGreaterThanOrEqual(30);
      expect(secrets.filter((o) => o.includes(s))).toEqual([s]);
    }
  });

  it('counts requests by method and path, and resets them', async () => {
    await fetch(`${sb.baseUrls.ozon}/v1/roles?x=1`, { method: 'POST', headers: ozonHeaders(CREDS.ozon.valid) });
    expect(sb.stats.byPath['POST /ozon/v1/roles']).toBeGreaterThanOrEqual(1);
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as Json;
    expect(stats.requests).toBe(sb.stats.requests);
    expect(stats.byPath['GET /_sandbox/stats']).toBe(1);
    expect((await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect(sb.stats.requests).toBe(0);
    expect(sb.stats.byPath).toEqual({});
  });

  it('streams big JSON without buffering', async () => {
    const one = await fetch(`${sb.url}/_sandbox/big?mb=1`);
    const parsed = JSON.parse(await one.text()) as unknown[];
    expect(parsed.length).toBeGreaterThan(1000);
    const res = await fetch(`${sb.url}/_sandbox/big?mb=8`);
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) bytes += chunk.length;
    expect(bytes).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(bytes).toBeLessThan(8.2 * 1024 * 1024);
  });

  it('serves thousands of requests on one keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let reused = 0;
    for (let i = 0; i < 2000; i++) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${sb.url}/`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        if (req.reusedSocket) reused++;
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    }
    agent.destroy();
    expect(reused).toBe(1999);
  });
});

describe('sandbox: Ozon', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ port: 0 }); });
  afterAll(async () => { await sb.close(); });
  const days = (iso: string): number => (Date.parse(iso) - Date.now()) / 86_400_000;

  it('accepts the valid key: roles, seller info', async () => {
    const roles = await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.valid));
    expect(roles.status).toBe(200);
    expect(roles.json.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(days(roles.json.expires_at)).toBeGreaterThan(89);
    expect(days(roles.json.expires_at)).toBeLessThan(91);
    expect(roles.json.roles[0].name).toBe('Admin');
    const info = await ozon(sb, '/v1/seller/info', ozonHeaders(CREDS.ozon.valid));
    expect(info.status).toBe(200);
    expect(info.json.company).toMatchObject({ name: 'ООО Песочница', inn: '7700000000' });
  });

  it('answers an unknown key, or a key for another Client-Id, with 404 code 5', async () => {
    const body = { code: 5, message: 'Invalid Api-Key, please check the key and try again', details: [] };
    expect(await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.invalid))).toEqual({ status: 404, json: body });
    const crossed = { clientId: CREDS.ozon.expiring.clientId, apiKey: CREDS.ozon.valid.apiKey };
    expect(await ozon(sb, '/v1/roles', ozonHeaders(crossed))).toEqual({ status: 404, json: body });
  });

  it('answers a missing or non-numeric Client-Id with 400 code 3', async () => {
    const body = { code: 3, message: 'Client-Id header value should be positive integer', details: [] };
    expect(await ozon(sb, '/v1/roles', { 'Api-Key': CREDS.ozon.valid.apiKey })).toEqual({ status: 400, json: body });
    expect(await ozon(sb, '/v1/roles', { 'Client-Id': 'abc', 'Api-Key': CREDS.ozon.valid.apiKey })).toEqual({ status: 400, json: body });
  });

  it('answers a deactivated key with 403 code 7', async () => {
    const res = await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.deactivated));
    expect(res.status).toBe(403);
    expect(res.json.code).toBe(7);
    expect(res.json.message).toMatch(/^Api-key is deactivated/);
  });

  it('reports an expiry 5 days ahead for the expiring key', async () => {
    const res = await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.expiring));
    expect(res.status).toBe(200);
    expect(Math.floor(days(res.json.expires_at))).toBe(5);
  });

  it('lets a key without the role read /v1/roles only', async () => {
    const roles = await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.noRole));
    expect(roles.status).toBe(200);
    const missing = { code: 7, message: 'Api-Key is missing a required role for a method', details: [] };
    expect(await ozon(sb, '/v1/seller/info', ozonHeaders(CREDS.ozon.noRole))).toEqual({ status: 403, json: missing });
    const list = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.noRole), { filter: {}, last_id: '', limit: 10 });
    expect(list).toEqual({ status: 403, json: missing });
  });

  it('pages /v3/product/list to the end with the exact count', async () => {
    const seen = new Set<string>();
    let lastId = '';
    let pages = 0;
    do {
      const res = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.valid), { filter: {}, last_id: lastId, limit: 1000 });
      expect(res.status).toBe(200);
      expect(res.json.result.total).toBe(2500);
      for (const item of res.json.result.items) seen.add(item.offer_id);
      lastId = res.json.result.last_id;
      pages++;
    } while (lastId !== '');
    expect(pages).toBe(3);
    expect(seen.size).toBe(2500);
    expect(seen.has('SKU-000001') && seen.has('SKU-002500')).toBe(true);
    const after = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.valid), { filter: {}, last_id: encodeCursor(2500), limit: 1000 });
    expect(after.json.result).toEqual({ items: [], total: 2500, last_id: '' });
  });

  it('filters products by offer_id', async () => {
    const res = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.valid), { filter: { offer_id: ['SKU-000007'] }, limit: 10 });
    expect(res.json.result.items.map((i: Json) => i.offer_id)).toEqual(['SKU-000007']);
    expect(res.json.result).toMatchObject({ total: 1, last_id: '' });
  });

  it('rejects a limit outside 1..1000, a bad cursor and invalid JSON with 400 code 3', async () => {
    for (const limit of [0, 1001, 'x']) {
      const res = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.valid), { filter: {}, last_id: '', limit });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 3, message: expect.stringMatching(/limit/i) });
    }
    const cursor = await ozon(sb, '/v3/product/list', ozonHeaders(CREDS.ozon.valid), { last_id: 'garbage', limit: 5 });
    expect(cursor.status).toBe(400);
    const bad = await ozon(sb, '/v1/roles', ozonHeaders(CREDS.ozon.valid), '{"filter":');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 3, message: expect.stringMatching(/JSON/) });
  });

  it('answers an unknown method with a 404 that does not look like an auth failure', async () => {
    for (const res of [
      await ozon(sb, '/v9/nothing', ozonHeaders(CREDS.ozon.valid)),
      { ...(await fetch(`${sb.baseUrls.ozon}/v1/roles`, { headers: ozonHeaders(CREDS.ozon.valid) }).then(async (r) => ({ status: r.status, json: (await r.json()) as Json }))) },
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.code).toBe(5);
      expect(res.json.message).not.toMatch(/api-?key|client-id/i);
    }
  });

  it('rate-limits per Client-Id with 429 code 8', async () => {
    await withSandbox({ ozonRatePerSecond: 5 }, async (limited) => {
      const results = await Promise.all(Array.from({ length: 15 }, () => ozon(limited, '/v1/roles', ozonHeaders(CREDS.ozon.valid))));
      const rejected = results.filter((r) => r.status === 429);
      expect(rejected.length).toBeGreaterThanOrEqual(9);
      expect(rejected[0]?.json).toEqual({ code: 8, message: 'You have reached request rate limit per second', details: [] });
      expect((await ozon(limited, '/v1/roles', ozonHeaders(CREDS.ozon.expiring))).status).toBe(200);
    });
  });
});

// Yandex: sandbox-yandex-spec.test.ts (answers against the spec) and sandbox-yandex-limits.test.ts.

describe('sandbox: fault switches', () => {
  let sb: Sandbox;
  beforeAll(async () => { sb = await startSandbox({ port: 0 }); });
  afterAll(async () => { await sb.close(); });
  const roles = (fault?: string, extra: Record<string, string> = {}, query = '') =>
    fetch(`${sb.baseUrls.ozon}/v1/roles${query}`, {
      method: 'POST',
      headers: { ...ozonHeaders(CREDS.ozon.valid), ...(fault ? { 'X-Sandbox-Fault': fault } : {}), ...extra },
    });

  it('delay=MS waits, then answers normally', async () => {
    const started = Date.now();
    const res = await roles('delay=300');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('status=5xx answers with a provider-shaped error body', async () => {
    const o = await roles('status=503');
    expect(o.status).toBe(503);
    expect(await o.json()).toMatchObject({ code: expect.any(Number), message: expect.any(String), details: [] });
    const y = await fetch(`${sb.baseUrls.yandex}/v2/campaigns`, { headers: { 'X-Sandbox-Fault': '500' } });
    expect(y.status).toBe(500);
    expect(await y.json()).toMatchObject({ status: 'ERROR', errors: [{ code: 'INTERNAL_ERROR' }] });
    const z = await fetch(`${sb.baseUrls.ozzie}/v1/users`, { headers: { 'X-Sandbox-Fault': 'status=502' } });
    expect(z.status).toBe(502);
    expect(((await z.json()) as Json).error.code).toBe('INTERNAL_ERROR');
  });

  it('times=N with X-Sandbox-Fault-Id fails only the first N requests', async () => {
    const id = { 'X-Sandbox-Fault-Id': 'first-fails' };
    expect((await roles('status=503,times=1', id)).status).toBe(503);
    expect((await roles('status=503,times=1', id)).status).toBe(200);
    expect((await roles('503-once', { 'X-Sandbox-Fault-Id': 'other' })).status).toBe(503);
    expect((await roles('503-once', { 'X-Sandbox-Fault-Id': 'other' })).status).toBe(200);
  });

  it('takes the fault from the query, the header winning', async () => {
    expect((await roles(undefined, {}, '?sandbox_fault=status%3D504')).status).toBe(504);
    expect((await roles('status=500', {}, '?sandbox_fault=status%3D504')).status).toBe(500);
  });

  it('reset destroys the connection before answering', async () => {
    await expect(roles('reset')).rejects.toThrow();
  });

  it('html answers 502 with an HTML page', async () => {
    const res = await roles('html');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html>/);
  });

  it('truncate sends half the declared body, then closes', async () => {
    const res = await roles('truncate');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('stall sends headers and part of the body, then nothing', async () => {
    const res = await roles('stall');
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.value?.length).toBeGreaterThan(0);
    const more = await Promise.race([reader.read().then(() => 'data'), new Promise((r) => setTimeout(() => r('stalled'), 300))]);
    expect(more).toBe('stalled');
    await reader.cancel();
  });

  it('empty and invalid-json answer 200 with unusable bodies', async () => {
    const empty = await roles('empty');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
    const broken = await roles('invalid-json');
    expect(broken.status).toBe(200);
    expect(await broken.text()).toBe('{"result":');
  });

  it('rejects an unknown fault with 400', async () => {
    const res = await roles('explode');
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toMatch(/unknown sandbox fault/);
  });

  it('closes promptly even with a stalled response open', async () => {
    const stalled = await startSandbox({ port: 0 });
    const res = await fetch(`${stalled.baseUrls.yandex}/v2/campaigns`, { headers: { ...yandexKey, 'X-Sandbox-Fault': 'stall' } });
    expect(res.status).toBe(200);
    const started = Date.now();
    await stalled.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(res.text()).rejects.toThrow();
  });
});

describe('sandbox paging endpoints (the shapes of the specs and of Ozon v4 postings)', () => {
  const key = ozonHeaders(CREDS.ozon.valid);
  const get = async (sb: Sandbox, path: string) => {
    const res = await fetch(sb.baseUrls.yandex + path, { headers: yandexKey });
    return { status: res.status, json: (await res.json()) as Json };
  };

  it('Ozon: v4 postings by cursor, v3 by offset, transactions by page, returns by last id; bad limits are 400 code 3', () =>
    withSandbox({ postings: 5, transactions: 5, returns: 5 }, async (sb) => {
      const v4 = await ozon(sb, '/v4/posting/fbs/list', key, { filter: {}, limit: 3 });
      expect(Object.keys(v4.json).sort()).toEqual(['cursor', 'has_next', 'postings']);
      const last = await ozon(sb, '/v4/posting/fbs/list', key, { filter: {}, limit: 3, cursor: v4.json.cursor });
      expect([last.json.postings.length, last.json.cursor, last.json.has_next]).toEqual([2, '', false]);
      const v3 = await ozon(sb, '/v3/posting/fbs/list', key, { filter: {}, limit: 3, offset: 3 });
      expect([v3.json.result.postings.length, v3.json.result.has_next]).toEqual([2, false]);
      const since = await ozon(sb, '/v3/posting/fbs/list', key, { filter: { since: '2026-10-01T06:30:00Z', to: '2026-10-01T08:00:00Z' }, limit: 10, offset: 0 });
      expect(since.json.result.postings.map((p: Json) => p.in_process_at)).toEqual(['2026-10-01T06:37:00Z', '2026-10-01T07:14:00Z', '2026-10-01T07:51:00Z']);
      const page2 = await ozon(sb, '/v3/finance/transaction/list', key, { filter: {}, page: 2, page_size: 3 });
      expect([page2.json.result.operations.length, page2.json.result.page_count, page2.json.result.row_count]).toEqual([2, 2, 5]);
      const first = await ozon(sb, '/v1/returns/list', key, { filter: {}, limit: 3, last_id: 0 });
      const rest = await ozon(sb, '/v1/returns/list', key, { filter: {}, limit: 3, last_id: first.json.returns[2].id });
      expect([first.json.has_next, rest.json.returns.length, rest.json.has_next]).toEqual([true, 2, false]);
      for (const [path, body] of [['/v4/posting/fbs/list', { limit: 1001 }], ['/v3/posting/fbs/list', { limit: 0, offset: 0 }], ['/v3/finance/transaction/list', { page: 0, page_size: 10 }], ['/v1/returns/list', { limit: 501 }], ['/v4/posting/fbs/list', { limit: 1, cursor: 'junk' }]] as const) {
        const bad = await ozon(sb, path, key, body);
        expect([bad.status, bad.json.code], path).toEqual([400, 3]);
      }
    }));

  it('Yandex: page + pageSize answers a top-level pager; /v2/regions/225/children by both styles; bad values are 400', () =>
    withSandbox({ campaigns: 5 }, async (sb) => {
      const paged = await get(sb, '/v2/campaigns?page=2&pageSize=2');
      expect(paged.json.campaigns.map((c: Json) => c.id)).toEqual([21_000_003, 21_000_004]);
      expect(paged.json.pager).toEqual({ total: 5, from: 3, to: 4, currentPage: 2, pagesCount: 3, pageSize: 2 });
      const byPage = await get(sb, '/v2/regions/225/children?page=5&pageSize=20');
      expect([byPage.json.regions.id, byPage.json.regions.children.length, byPage.json.pager.pagesCount]).toEqual([225, 5, 5]);
      const byToken = await get(sb, '/v2/regions/225/children?limit=50');
      const rest = await get(sb, `/v2/regions/225/children?pageToken=${byToken.json.paging.nextPageToken}`);
      expect([byToken.json.regions.children.length, rest.json.regions.children.length, rest.json.paging]).toEqual([50, 35, {}]);
      for (const path of ['/v2/campaigns?page=0', '/v2/campaigns?pageSize=101', '/v2/regions/225/children?limit=0', '/v2/regions/225/children?page_token=junk']) {
        expect((await get(sb, path)).status, path).toBe(400);
      }
      expect((await get(sb, '/v2/regions/1/children')).status).toBe(404);
    }));
});
