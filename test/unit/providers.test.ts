import { describe, expect, it } from 'vitest';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { ozzie } from '../../src/providers/ozzie.js';

const NOW = Date.parse('2026-11-23T00:00:00Z');

describe('ozon', () => {
  const creds = { clientId: '123456', apiKey: 'key-abc' };
  it('sends Client-Id and Api-Key headers', () => {
    expect(ozon.authorize(creds)).toEqual({ 'Client-Id': '123456', 'Api-Key': 'key-abc' });
  });
  it('treats the invalid-key 404 and the bad Client-Id 400 as auth failures, by message', () => {
    expect(ozon.classify(404, { code: 5, message: 'Invalid Api-Key, please check the key and try again' })).toBe('auth');
    expect(ozon.classify(400, { code: 3, message: 'Client-Id header value should be positive integer' })).toBe('auth');
    expect(ozon.classify(403, { code: 7, message: 'Api-key is deactivated' })).toBe('auth');
    expect(ozon.classify(404, { code: 5, message: 'method not found' })).toBe('not_found');
    expect(ozon.classify(400, { code: 3, message: 'limit must be at most 1000' })).toBe('client');
    expect(ozon.classify(429, {})).toBe('rate_limit');
    expect(ozon.classify(503, {})).toBe('server');
    expect(ozon.classify(200, {})).toBeUndefined();
  });
  it('reads roles and expiry, and warns when the key expires within 14 days', () => {
    const v = ozon.verify(creds);
    expect(v.request).toEqual({ method: 'POST', path: '/v1/roles', body: {} });
    const far = v.identity({ expires_at: '2027-05-01T00:00:00Z', roles: [{ name: 'Admin' }] }, creds, new Date(NOW))!;
    expect(far.lines).toContainEqual(['roles', 'Admin']);
    expect(far.warnings).toEqual([]);
    const soon = v.identity({ expires_at: '2026-11-28T00:00:00Z', roles: [] }, creds, new Date(NOW))!;
    expect(soon.warnings[0]).toMatch(/expires in 5 days/);
    const gone = v.identity({ expires_at: '2026-11-01T00:00:00Z', roles: [] }, creds, new Date(NOW))!;
    expect(gone.warnings[0]).toMatch(/expired/);
  });
  it('adds the company name from /v1/seller/info', () => {
    const v = ozon.verify(creds);
    const id = v.identity({ roles: [] }, creds, new Date(NOW))!;
    v.enrich!.apply(id, { company: { name: 'ООО Ромашка' } });
    expect(id.lines[0]).toEqual(['company', 'ООО Ромашка']);
  });
  it('marks read-only POSTs by their last path segment', () => {
    expect(ozon.readOnly('POST', '/v3/product/list')).toBe(true);
    expect(ozon.readOnly('POST', '/v1/product/info')).toBe(true);
    expect(ozon.readOnly('POST', '/v1/roles')).toBe(true);
    expect(ozon.readOnly('POST', '/v1/product/import')).toBe(false);
    expect(ozon.readOnly('POST', '/v2/posting/fbs/ship')).toBe(false);
    expect(ozon.readOnly('GET', '/anything')).toBe(true);
  });
  it('paginates on last_id and stops on an empty page or cursor', () => {
    const p = ozon.paginate!;
    const req = { query: new URLSearchParams(), body: { filter: {}, last_id: '', limit: 2 } };
    const next = p.next(req, { result: { items: [1, 2], last_id: 'abc', total: 3 } });
    expect(next?.body).toEqual({ filter: {}, last_id: 'abc', limit: 2 });
    expect(p.next(req, { result: { items: [], last_id: '' } })).toBeUndefined();
    expect(p.next(req, { result: { items: [3], last_id: '' } })).toBeUndefined();
    expect(p.items({ result: { items: [1, 2] } })).toEqual([1, 2]);
  });
  it('paginates cursor/has_next and offset styles too', () => {
    const p = ozon.paginate!;
    const cur = p.next({ query: new URLSearchParams(), body: { cursor: '', limit: 2 } }, { cursor: 'c2', has_next: true, result: { items: [1, 2] } });
    expect(cur?.body).toEqual({ cursor: 'c2', limit: 2 });
    expect(p.next({ query: new URLSearchParams(), body: { cursor: 'c2' } }, { cursor: 'c3', has_next: false, result: { items: [1] } })).toBeUndefined();
    const off = { query: new URLSearchParams(), body: { offset: 0, limit: 2 } };
    const postings = { result: { postings: [{ id: 1 }, { id: 2 }], has_next: true } };
    expect(p.items(postings)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(p.next(off, postings)?.body).toEqual({ offset: 2, limit: 2 });
    expect(p.next(off, { result: { postings: [{ id: 3 }], has_next: false } })).toBeUndefined();
    expect(p.next(off, { result: { postings: [{ id: 3 }] } })).toBeUndefined();
    expect(p.next({ query: new URLSearchParams(), body: {} }, { result: { postings: [1] } })).toBeUndefined();
  });
  it('sends the next cursor in the field the response gave it in, never one field\'s value under the other', () => {
    const p = ozon.paginate!;
    const page = (extra: object) => ({ result: { items: [1], ...extra } });
    const both = page({ last_id: 'L2', cursor: 'C2' });
    expect(p.next({ query: new URLSearchParams(), body: { cursor: 'C1' } }, both)?.body).toEqual({ cursor: 'C2' });
    expect(p.next({ query: new URLSearchParams(), body: { last_id: 'L1' } }, both)?.body).toEqual({ last_id: 'L2' });
    expect(p.next({ query: new URLSearchParams(), body: {} }, both)?.body).toEqual({ last_id: 'L2' });
    // The response names the field: a request that guessed the other one is corrected.
    expect(p.next({ query: new URLSearchParams(), body: { cursor: '' } }, page({ last_id: 'L2' }))?.body).toEqual({ cursor: '', last_id: 'L2' });
    expect(p.next({ query: new URLSearchParams(), body: { last_id: '' } }, page({ cursor: 'C2' }))?.body).toEqual({ last_id: '', cursor: 'C2' });
  });
  it('waits as Retry-After says on 429', () => {
    expect(ozon.rateLimit.waitMs({ 'retry-after': '2' }, {}, NOW)).toBe(2000);
    expect(ozon.rateLimit.waitMs({}, {}, NOW)).toBeUndefined();
  });
});

describe('yandex', () => {
  it('sends Api-Key tokens in Api-Key and legacy OAuth tokens as Bearer', () => {
    expect(yandex.authorize({ token: 'ACMA:abc:def' })).toEqual({ 'Api-Key': 'ACMA:abc:def' });
    expect(yandex.authorize({ token: 'y0_AgAAAA' })).toEqual({ Authorization: 'Bearer y0_AgAAAA' });
    expect(yandex.verify({ token: 'ACMA:a:b' }).request).toEqual({ method: 'POST', path: '/v2/auth/token' });
    expect(yandex.verify({ token: 'y0_x' }).request).toEqual({ method: 'GET', path: '/v2/campaigns' });
  });
  it('reads token name and scopes', () => {
    const id = yandex.verify({ token: 'ACMA:a:b' }).identity({ status: 'OK', result: { apiKey: { name: 'prod', authScopes: ['ALL_METHODS'] } } }, {}, new Date(NOW))!;
    expect(id.lines).toEqual([['token', 'prod'], ['scopes', 'ALL_METHODS']]);
  });
  it('does not take a 2xx that is not the identity answer (a wrong base URL) for an identity', () => {
    const creds = { clientId: '123456', apiKey: 'key-abc' };
    for (const json of [{}, { weird: true }, { result: {} }, [], 'ok', null]) {
      expect(ozon.verify(creds).identity(json, creds, new Date(NOW)), JSON.stringify(json)).toBeUndefined();
      expect(yandex.verify({ token: 'ACMA:a:b' }).identity(json, {}, new Date(NOW)), JSON.stringify(json)).toBeUndefined();
      expect(yandex.verify({ token: 'y0_x' }).identity(json, {}, new Date(NOW)), JSON.stringify(json)).toBeUndefined();
    }
    expect(ozon.verify(creds).identity({ roles: [] }, creds, new Date(NOW))?.lines).toContainEqual(['roles', '(none)']);
  });
  it('classifies 401/403 as auth and 420 as rate limit; joins error messages', () => {
    expect(yandex.classify(401, {})).toBe('auth');
    expect(yandex.classify(403, {})).toBe('auth');
    expect(yandex.classify(420, {})).toBe('rate_limit');
    expect(yandex.errorMessage({ status: 'ERROR', errors: [{ code: 'UNAUTHORIZED', message: 'no token' }] })).toBe('UNAUTHORIZED: no token');
  });
  it('waits until X-RateLimit-Resource-Until', () => {
    const until = new Date(NOW + 1500).toUTCString();
    const ms = yandex.rateLimit.waitMs({ 'x-ratelimit-resource-until': until }, {}, NOW)!;
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThanOrEqual(1500);
  });
  it('paginates on page_token from result.paging.nextPageToken', () => {
    const req = { query: new URLSearchParams('limit=50'), body: undefined };
    expect(yandex.paginate!.next(req, { result: { paging: { nextPageToken: 't2' }, campaigns: [] } })?.query.toString()).toBe('limit=50&page_token=t2');
    expect(yandex.paginate!.next(req, { result: { paging: {} } })).toBeUndefined();
    expect(yandex.paginate!.items({ result: { campaigns: [1, 2, 3], paging: {} } })).toEqual([1, 2, 3]);
  });
});

describe('ozzie', () => {
  it('sends Bearer base64(client_id:client_secret) with no newline', () => {
    const h = ozzie.authorize({ clientId: 'ozz_client_a1b2c3d4', clientSecret: 'sk_live_x' });
    expect(h.Authorization).toBe(`Bearer ${Buffer.from('ozz_client_a1b2c3d4:sk_live_x').toString('base64')}`);
    expect(h.Authorization).not.toMatch(/\s$/);
  });
  it('classifies 401 as auth, 429 as rate limit and waits until X-RateLimit-Reset', () => {
    expect(ozzie.classify(401, {})).toBe('auth');
    expect(ozzie.classify(429, {})).toBe('rate_limit');
    expect(ozzie.rateLimit.waitMs({ 'x-ratelimit-reset': String(NOW / 1000 + 3) }, {}, NOW)).toBe(3000);
    expect(ozzie.errorMessage({ error: { code: 'UNAUTHORIZED', message: 'Invalid' } })).toBe('UNAUTHORIZED: Invalid');
  });
});
