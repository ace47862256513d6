import { describe, expect, it } from 'vitest';
import { ozonPerformance as p } from '../../src/providers/ozon-performance.js';
import { builtInRegistry } from '../../src/providers/index.js';

const creds = { clientId: '5550001-1700000000001@advertising.performance.ozon.ru', clientSecret: 'unit-test-secret-Lq3Vz8Kd1Tm6' };

describe('ozon-performance', () => {
  it('is found by its id and its alias', () => {
    expect(builtInRegistry.find('ozon-ads')).toBe(p);
    expect(builtInRegistry.find(' Ozon-Performance ')).toBe(p);
    expect(builtInRegistry.find('ozon')?.id).toBe('ozon');
  });

  it('trades the pair for a token in a JSON body, and sends only the token', () => {
    expect(p.token!.request(creds)).toEqual({
      method: 'POST', path: '/api/client/token',
      body: { client_id: creds.clientId, client_secret: creds.clientSecret, grant_type: 'client_credentials' },
    });
    expect(p.authorize(creds, 'tok.abc')).toEqual({ Authorization: 'Bearer tok.abc' });
    expect(p.authorize(creds)).toEqual({});
  });

  it('reads the token answer, an int64 lifetime as digits too, and refuses what is not a Bearer token with a lifetime', () => {
    expect(p.token!.read({ access_token: 'a.b.c', expires_in: 1800, token_type: 'Bearer' })).toEqual({ accessToken: 'a.b.c', expiresInSec: 1800 });
    expect(p.token!.read({ access_token: 'a.b.c', expires_in: '1800' })).toEqual({ accessToken: 'a.b.c', expiresInSec: 1800 });
    for (const bad of [{}, { access_token: 'a' }, { access_token: 'a', expires_in: 0 }, { access_token: 'a', expires_in: -5 }, { access_token: '', expires_in: 60 }, { access_token: 'a', expires_in: 60, token_type: 'mac' }, [], 'token', null]) {
      expect(p.token!.read(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('takes the five GETs that switch promotion or start an export for writes, and four look-up POSTs for reads', () => {
    for (const path of ['/api/client/campaign/all_sku_promo/activate', '/api/client/campaign/all_sku_promo/set_bid?bid=1', '/api/client/statistics/all_sku_promo/orders/generate', '/ozon-performance/api/client/statistics/all_sku_promo/products/generate']) {
      expect(p.readOnly!('GET', path), path).toBe(false);
    }
    for (const path of ['/api/client/campaign', '/api/client/statistics/daily?dateFrom=2026-11-01', '/api/client/statistics/report']) expect(p.readOnly!('GET', path), path).toBe(true);
    for (const path of ['/api/client/min/sku', '/api/client/campaign/search_promo/v2/products']) expect(p.readOnly!('POST', path), path).toBe(true);
    for (const path of ['/api/client/token', '/api/client/statistics', '/api/client/campaign/1/activate', '/api/client/campaign/cpc/v2/product']) expect(p.readOnly!('POST', path), path).toBe(false);
    expect(p.readOnly!('PUT', '/api/client/min/sku')).toBe(false);
  });

  it('says the API\'s error text, and OAuth\'s description beside it', () => {
    expect(p.errorMessage({ error: 'campaign not found' })).toBe('campaign not found');
    expect(p.errorMessage({ error: 'invalid_client', error_description: 'bad secret' })).toBe('invalid_client: bad secret');
    expect(p.errorMessage({ message: 'x' })).toBeUndefined();
  });

  it('proves the pair by the account\'s campaign list, and refuses any other answer', () => {
    const check = p.verify(creds);
    expect(check.request).toEqual({ method: 'GET', path: '/api/client/campaign?page=1&pageSize=1' });
    expect(check.identity({ list: [] }, creds, new Date())?.lines).toEqual([['client_id', creds.clientId], ['campaigns', 'readable (none yet)']]);
    expect(check.identity({ list: [{ title: 'Осень' }] }, creds, new Date())?.lines[1]).toEqual(['campaigns', 'readable (first: Осень)']);
    expect(check.identity({ roles: [] }, creds, new Date())).toBeUndefined();
    expect(check.identity({ list: {} }, creds, new Date())).toBeUndefined();
  });

  it('checks the client_id\'s shape', () => {
    const [id] = p.fields;
    expect(id!.pattern!.test(creds.clientId)).toBe(true);
    for (const bad of ['100200', creds.clientSecret, 'x@ozon.ru', '@advertising.performance.ozon.ru']) expect(id!.pattern!.test(bad), bad).toBe(false);
  });
});
