import { describe, expect, it } from 'vitest';
import { wb } from '../../src/providers/wb.js';
import { bits, wbToken } from '../helpers/wb.js';

const NOW = Date.parse('2026-11-23T00:00:00Z');

describe('Wildberries provider', () => {
  it('sends the token as WB\'s specs do: `Authorization: <token>`, no scheme', () => {
    const token = wbToken();
    expect(wb.authorize({ token })).toEqual({ Authorization: token });
  });

  it('asks the seller of a personal token, and pings each category it grants on that category\'s host', () => {
    const v = wb.verify({ token: wbToken({ s: bits(1, 4, 5, 30) }) });
    expect(v.request).toEqual({ method: 'GET', path: '/api/v1/seller-info' });
    expect(v.probes).toEqual([
      { label: 'ping content', request: { method: 'GET', path: '/ping', host: 'content-api' } },
      { label: 'ping marketplace', request: { method: 'GET', path: '/ping', host: 'marketplace-api' } },
      { label: 'ping statistics', request: { method: 'GET', path: '/ping', host: 'statistics-api' } },
    ]);
    const id = v.identity({ name: 'ИП Кружинин В. Р.', sid: 'e8923014-e233-47q8-898e-3cc86d67ea61', tradeMark: 'Flax Store' }, { token: '' }, new Date(NOW));
    expect(id?.lines).toEqual([['seller', 'ИП Кружинин В. Р.'], ['trade mark', 'Flax Store']]);
    expect(v.identity({ TS: 'x', Status: 'OK' }, { token: '' }, new Date(NOW))).toBeUndefined();
  });

  it('never asks the seller of a test token (WB refuses it) or of a base token (once a day): a ping is the check', () => {
    const test = wb.verify({ token: wbToken({ acc: 2, t: true, s: bits(1, 2, 4) }) });
    // Analytics has no sandbox host: a test token is not pinged there.
    expect(test.request).toEqual({ method: 'GET', path: '/ping', host: 'content-api' });
    expect(test.label).toBe('ping content');
    expect(test.probes?.map((p) => p.label)).toEqual(['ping marketplace']);
    expect(test.identity({ TS: 'x', Status: 'OK' }, { token: '' }, new Date(NOW))?.lines).toEqual([['seller', 'not asked: a test token cannot read it']]);
    const base = wb.verify({ token: wbToken({ acc: 1, s: bits(5) }) });
    expect(base.request).toEqual({ method: 'GET', path: '/ping', host: 'statistics-api' });
    expect(base.probes).toEqual([]);
    const none = wb.verify({ token: wbToken({ acc: 1, s: 0 }) });
    expect(none.request).toEqual({ method: 'GET', path: '/ping', host: 'common-api' });
  });

  it('says offline what the token is: type, access, categories, seller id, expiry; where a test token goes', () => {
    const facts = wb.inspect!({ token: wbToken({ s: bits(1, 30), now: NOW, days: 10 }) })!;
    expect(facts.lines).toEqual([['token', 'personal, read only'], ['categories', 'content'], ['seller id', 'e8923014-e233-47a8-898e-3cc86d67ea61']]);
    expect(facts.expiresAt).toBe(new Date(NOW + 10 * 86_400_000).toISOString());
    expect(facts.data).toMatchObject({ tokenType: 'personal', categories: ['content'], readOnly: true, test: false });
    const test = wb.inspect!({ token: wbToken({ acc: 2, t: true, s: bits(1, 2) }) })!;
    expect(test.warnings.join('\n')).toMatch(/a test token: it works only in WB's sandbox, so mkt sends it to the sandbox hosts \(content-api-sandbox\.wildberries\.ru, …\); analytics has none/);
    expect(wb.inspect!({ token: wbToken({ s: 0 }) })!.warnings.join('\n')).toMatch(/grants no category/);
    expect(wb.inspect!({ token: 'not a token' })).toBeUndefined();
  });

  it('routes by path, and a test token to the sandbox hosts', () => {
    const hosts = wb.hosts!;
    expect(hosts.of('/api/v3/orders/new')).toBe('marketplace-api');
    expect(hosts.origin('marketplace-api', { token: wbToken() })).toBe('https://marketplace-api.wildberries.ru');
    expect(hosts.origin('marketplace-api', { token: wbToken({ acc: 2, t: true }) })).toBe('https://marketplace-api-sandbox.wildberries.ru');
  });

  it('takes a GET for a read, except the GETs that start, pause, stop or delete a campaign; any other method for a write', () => {
    const readOnly = wb.readOnly!;
    expect(readOnly('GET', '/api/v3/orders/new')).toBe(true);
    expect(readOnly('HEAD', '/adv/v0/start')).toBe(true);
    for (const path of ['/adv/v0/start', '/adv/v0/pause', '/adv/v0/stop', '/adv/v0/delete', '/adv/v1/search/set-plus', '/wb/advert-api/adv/v0/start']) {
      expect(readOnly('GET', `${path}?id=1`), path).toBe(false);
    }
    // WB's specs call this POST read-only ("a read-only token may call it"), but it starts a report: sent once.
    expect(readOnly('POST', '/api/v2/nm-report/downloads')).toBe(false);
    expect(readOnly('PUT', '/api/v3/stocks/1')).toBe(false);
  });

  it('reads WB\'s three error shapes', () => {
    expect(wb.errorMessage({ title: 'unauthorized', detail: 'token scope not allowed', status: 401 })).toBe('unauthorized: token scope not allowed');
    expect(wb.errorMessage({ data: null, error: true, errorText: 'Ошибка', additionalErrors: null })).toBe('Ошибка');
    expect(wb.errorMessage({ code: 'IncorrectParameter', message: 'Передан некорректный параметр' })).toBe('IncorrectParameter: Передан некорректный параметр');
    expect(wb.errorMessage({ error: false, errorText: '' })).toBeUndefined();
  });

  it('waits X-Ratelimit-Retry seconds after a 429, and nothing it cannot read', () => {
    expect(wb.rateLimit.waitMs({ 'x-ratelimit-retry': '2', 'x-ratelimit-reset': '29', 'x-ratelimit-limit': '10' }, {}, NOW)).toBe(2000);
    expect(wb.rateLimit.waitMs({ 'x-ratelimit-retry': '0.5' }, {}, NOW)).toBe(500);
    expect(wb.rateLimit.waitMs({ 'x-ratelimit-retry': 'soon' }, {}, NOW)).toBeUndefined();
    expect(wb.rateLimit.waitMs({ 'x-ratelimit-reset': '29' }, {}, NOW)).toBeUndefined();
    expect(wb.rateLimit.statuses).toEqual([429]);
  });
});
