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
  it('classifies 422 VALIDATION_ERROR and 400 INVALID_JSON as client errors, and names the failed fields', () => {
    expect(ozzie.classify(422, {})).toBe('client');
    expect(ozzie.classify(400, {})).toBe('client');
    const details = [{ field: 'language', message: 'Must be one of: en, pt, es' }, { field: 'phone', message: 'Must be in E.164 format' }];
    expect(ozzie.errorMessage({ error: { code: 'VALIDATION_ERROR', message: 'One or more fields failed validation.', details } }))
      .toBe('VALIDATION_ERROR: One or more fields failed validation. (language: Must be one of: en, pt, es; phone: Must be in E.164 format)');
    const many = Array.from({ length: 5 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    expect(ozzie.errorMessage({ error: { code: 'VALIDATION_ERROR', message: 'M', details: many } })).toBe('VALIDATION_ERROR: M (f0: bad; f1: bad; f2: bad; 2 more)');
    // Details that are not {field, message} (the 429's reset_at) add nothing.
    expect(ozzie.errorMessage({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'M', details: [{ reset_at: 1, limit: 1000 }] } })).toBe('RATE_LIMIT_EXCEEDED: M');
  });
  it('links to the developer docs', () => {
    expect(ozzie.docsUrl).toBe('https://developers.ozzieapp.com/docs');
  });
});
