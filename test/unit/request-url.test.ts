import { describe, expect, it } from 'vitest';
import { requestUrl, resolveBaseUrl, shownBaseUrl } from '../../src/core/base-url.js';
import { UsageError } from '../../src/core/errors.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { wbToken } from '../helpers/wb.js';

/** A provider with one host per part of its API (Wildberries), and one without (Ozon). */
const multi = builtInRegistry.find('wildberries')!;
const single = builtInRegistry.find('ozon')!;
const prod = { token: wbToken() };
const test = { token: wbToken({ acc: 2, t: true }) };
const url = (base: string | undefined, path: string, creds = prod, host?: string): string =>
  requestUrl(multi, resolveBaseUrl(multi, {}, base), path, creds, host).href;

describe('where a request goes, for a provider split over several hosts', () => {
  it('with no override, each path to its own host; a test token to that host\'s sandbox twin', () => {
    expect(url(undefined, '/api/v3/orders/new?limit=1')).toBe('https://marketplace-api.wildberries.ru/api/v3/orders/new?limit=1');
    expect(url(undefined, '/content/v2/get/cards/list')).toBe('https://content-api.wildberries.ru/content/v2/get/cards/list');
    expect(url(undefined, '/ping')).toBe('https://common-api.wildberries.ru/ping');
    expect(url(undefined, '/api/v3/orders/new', test)).toBe('https://marketplace-api-sandbox.wildberries.ru/api/v3/orders/new');
    expect(url(undefined, '/ping', prod, 'statistics-api')).toBe('https://statistics-api.wildberries.ru/ping');
    // The default named as an override is the default.
    expect(url('https://common-api.wildberries.ru', '/api/v3/warehouses')).toBe('https://marketplace-api.wildberries.ru/api/v3/warehouses');
  });

  it('takes an absolute URL on any of its hosts, and on no other', () => {
    expect(url(undefined, 'https://content-api-sandbox.wildberries.ru/ping')).toBe('https://content-api-sandbox.wildberries.ru/ping');
    for (const other of ['https://evil.example/ping', 'https://wildberries.ru.evil.example/ping', 'http://content-api.wildberries.ru/ping', 'https://content-api.wildberries.ru:8443/ping']) {
      expect(() => url(undefined, other), other).toThrow(/refusing to send credentials to/);
    }
    expect(() => url(undefined, 'https://[')).toThrow(UsageError);
  });

  it('refuses a path no host is known for, before anything is sent, saying how to get on', () => {
    expect(() => url(undefined, '/api/v9/unknown')).toThrow(/wb: no Wildberries API host is known for '\/api\/v9\/unknown'/);
  });

  it('an override without {host} stands for every host: the path as it is, on that one origin', () => {
    expect(url('https://proxy.example/wb', '/api/v3/orders/new')).toBe('https://proxy.example/wb/api/v3/orders/new');
    expect(url('https://proxy.example', '/api/v9/unknown')).toBe('https://proxy.example/api/v9/unknown');
    expect(url('https://proxy.example', 'https://content-api.wildberries.ru/ping?x=1')).toBe('https://proxy.example/ping?x=1');
    expect(() => url('https://proxy.example', 'https://evil.example/ping')).toThrow(/refusing to send credentials to https:\/\/evil\.example/);
  });

  it('an override with {host} gets each host\'s name in its place (the sandbox: …/wb/{host})', () => {
    const sandbox = 'http://127.0.0.1:8765/wb/{host}';
    expect(url(sandbox, '/api/v3/orders/new')).toBe('http://127.0.0.1:8765/wb/marketplace-api/api/v3/orders/new');
    expect(url(sandbox, '/api/v3/orders/new', test)).toBe('http://127.0.0.1:8765/wb/marketplace-api-sandbox/api/v3/orders/new');
    expect(url(sandbox, '/ping', prod, 'advert-api')).toBe('http://127.0.0.1:8765/wb/advert-api/ping');
    expect(url(sandbox, 'https://feedbacks-api.wildberries.ru/api/v1/feedbacks?take=1')).toBe('http://127.0.0.1:8765/wb/feedbacks-api/api/v1/feedbacks?take=1');
    expect(url(sandbox, 'http://127.0.0.1:8765/wb/content-api/ping')).toBe('http://127.0.0.1:8765/wb/content-api/ping');
    expect(() => url(sandbox, '/api/v9/unknown')).toThrow(/no Wildberries API host is known/);
    expect(shownBaseUrl(resolveBaseUrl(multi, {}, sandbox))).toBe(sandbox);
  });

  it('a provider with one origin is as before: joinUrl', () => {
    const base = resolveBaseUrl(single, {}, 'http://127.0.0.1:9/ozon/{host}');
    expect(requestUrl(single, base, '/v1/roles', {}).href).toBe('http://127.0.0.1:9/ozon/%7Bhost%7D/v1/roles');
    expect(() => requestUrl(single, resolveBaseUrl(single, {}), 'https://content-api.wildberries.ru/ping', {})).toThrow(/refusing to send credentials/);
  });
});
