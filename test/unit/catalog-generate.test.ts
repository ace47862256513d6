import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCatalog, providerOfSpec } from '../../src/catalog/generate.js';
import { CatalogError, type Operation } from '../../src/catalog/types.js';

const SPECS = fileURLToPath(new URL('../../../shared/specs/', import.meta.url));
const realSpec = (file: string): unknown => JSON.parse(readFileSync(`${SPECS}${file}`, 'utf8'));

const OZON_SERVERS = [{ url: '//api-seller.ozon.ru' }];
const YANDEX_SERVERS = [{ url: 'https://api.partner.market.yandex.ru' }];

/** A POST with a JSON body of `properties` (required: `required`) and a 200 answer of `answer`. */
function post(properties: Record<string, unknown>, required: string[] = [], answer: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    post: {
      summary: 'Список чего-то',
      requestBody: { content: { 'application/json': { schema: { type: 'object', required, properties } } } },
      responses: { 200: { content: { 'application/json': { schema: { type: 'object', properties: answer } } } } },
      ...extra,
    },
  };
}

const ozonSpec = (paths: Record<string, unknown>, components: Record<string, unknown> = {}) => ({ openapi: '3.0.0', info: { version: '2.1' }, servers: OZON_SERVERS, paths, components });
const one = (spec: unknown, path: string): Operation => generateCatalog(spec, { file: 'test.json' }).operations.find((op) => op.path === path)!;

const str = { type: 'string' };
const int = { type: 'integer' };
const items = { type: 'array', items: { type: 'object', properties: { id: int } } };

describe('catalog generator: paging styles', () => {
  it.each([
    ['last_id', { last_id: str, limit: int }, { result: { type: 'object', properties: { items, last_id: str } } }, 'result.items'],
    ['cursor', { cursor: str, limit: int }, { items, cursor: str }, 'items'],
    ['last_value_id', { last_value_id: int, limit: int }, { result: items, has_next: { type: 'boolean' } }, 'result'],
    ['offset', { offset: int, limit: int }, { result: { type: 'object', properties: { postings: items, has_next: { type: 'boolean' } } } }, 'result.postings'],
    ['page', { page: int, page_size: int }, { result: { type: 'object', properties: { operations: items, page_count: int } } }, 'result.operations'],
  ])('Ozon %s, and where the items are', (style, request, answer, where) => {
    const op = one(ozonSpec({ '/v1/x/list': post(request, [], answer) }), '/v1/x/list');
    expect(op.paging).toEqual({ style, items: where });
  });

  it('a cursor wins over an offset the spec is switching off (/v1/actions/candidates has both)', () => {
    expect(one(ozonSpec({ '/v1/x/list': post({ offset: int, limit: int, last_id: str }) }), '/v1/x/list').paging?.style).toBe('last_id');
  });

  it('page + limit pages too; a limit alone, or an offset without a limit, does not', () => {
    const spec = ozonSpec({ '/a/list': post({ page: int, limit: int }), '/b/list': post({ limit: int }), '/c/list': post({ offset: int }) });
    expect(one(spec, '/a/list').paging?.style).toBe('page');
    expect(one(spec, '/b/list').paging).toBeUndefined();
    expect(one(spec, '/c/list').paging).toBeUndefined();
  });

  it('Yandex page_token (the spec calls it pageToken) wins over the deprecated page + pageSize; page + pageSize alone', () => {
    const param = (name: string) => ({ name, in: 'query', schema: int });
    const get = (names: string[]) => ({ get: { summary: 'Список', parameters: names.map(param), 'x-auth-scopes': ['all-methods'], responses: {} } });
    const spec = { info: {}, servers: YANDEX_SERVERS, paths: { '/v2/a': get(['pageToken', 'limit', 'page', 'pageSize']), '/v2/b': get(['page', 'pageSize']) } };
    expect(one(spec, '/v2/a').paging?.style).toBe('page_token');
    expect(one(spec, '/v2/b').paging?.style).toBe('page');
  });
});

describe('catalog generator: fields', () => {
  it('keeps types, required flags and enum values, nested, through $refs, allOf and a schema that contains itself', () => {
    const components = {
      schemas: {
        Stock: { type: 'object', required: ['stock'], properties: { offer_id: str, stock: int, kind: { type: 'string', enum: ['FBS', 'FBO'] } } },
        Node: { type: 'object', properties: { name: str, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
        Base: { type: 'object', required: ['id'], properties: { id: int } },
      },
    };
    const spec = ozonSpec({
      '/v2/products/stocks': post({ stocks: { type: 'array', items: { $ref: '#/components/schemas/Stock' } }, tree: { $ref: '#/components/schemas/Node' }, both: { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { note: str } }] } }, ['stocks']),
    }, components);
    const { body } = one(spec, '/v2/products/stocks');
    expect(body![0]).toEqual({ name: 'stocks', type: 'object[]', required: true, fields: [
      { name: 'offer_id', type: 'string', required: false },
      { name: 'stock', type: 'integer', required: true },
      { name: 'kind', type: 'string', required: false, enum: ['FBS', 'FBO'] },
    ] });
    expect(body![1]).toEqual({ name: 'tree', type: 'object', required: false, fields: [
      { name: 'name', type: 'string', required: false },
      // The schema again: its fields are not repeated (nor forever).
      { name: 'children', type: 'object[]', required: false },
    ] });
    expect(body![2]).toEqual({ name: 'both', type: 'object', required: false, fields: [{ name: 'id', type: 'integer', required: true }, { name: 'note', type: 'string', required: false }] });
  });

  it("follows a $ref whose pointer passes through another $ref (the Yandex bundle's pointers do)", () => {
    const spec = {
      servers: YANDEX_SERVERS,
      paths: {
        '/a': { post: { summary: 'A', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { when: { $ref: '#/paths/~1b/post/requestBody/content/application~1json/schema/properties/interval/properties/from' } } } } } } } },
        '/b': { post: { summary: 'B', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { interval: { $ref: '#/components/schemas/Interval' } } } } } } } },
      },
      components: { schemas: { Interval: { type: 'object', properties: { from: { type: 'string', format: 'date' } } } } },
    };
    expect(one(spec, '/a').body).toEqual([{ name: 'when', type: 'string', required: false }]);
  });

  it('query and path parameters (shared ones of the path too); an operation without requestBody has no body', () => {
    const spec = { servers: YANDEX_SERVERS, paths: { '/v2/campaigns/{campaignId}/offers': {
      parameters: [{ name: 'campaignId', in: 'path', required: true, schema: int }],
      get: { summary: 'Товары', parameters: [{ name: 'status', in: 'query', schema: { type: 'string', enum: ['A', 'B'] } }, { name: 'Api-Key', in: 'header', schema: str }], responses: {} },
    } } };
    const op = one(spec, '/v2/campaigns/{campaignId}/offers');
    expect(op.pathParams).toEqual([{ name: 'campaignId', type: 'integer', required: true }]);
    expect(op.query).toEqual([{ name: 'status', type: 'string', required: false, enum: ['A', 'B'] }]);
    expect(op.body).toBeUndefined();
  });

  it('a path parameter the spec does not declare is still one (Ozon GET /v1/cargoes-label/file/{file_guid})', () => {
    const spec = ozonSpec({ '/v1/cargoes-label/file/{file_guid}': { get: { summary: 'Получить PDF', responses: {} } } });
    expect(one(spec, '/v1/cargoes-label/file/{file_guid}').pathParams).toEqual([{ name: 'file_guid', type: 'string', required: true }]);
  });
});

describe('catalog generator: deprecation, scopes and limits', () => {
  it("Ozon: the warning note's replacement (by operation id) and shutdown day; a note about a parameter does not count", () => {
    const note = (text: string) => `<aside class="warning">\n${text}\n</aside>\n\nОписание.`;
    const spec = ozonSpec({
      '/v1/old/list': post({}, [], {}, { description: note('3 августа 2025 года метод будет отключён. Переключитесь на <a href="#operation/NewList">/v2/new/list</a>.') }),
      '/v2/new/list': post({}, [], {}, { operationId: 'NewList' }),
      '/v1/some/list': post({}, [], {}, { description: note('В будущем метод будет отключён. Переключитесь на <a href="#operation/Gone">/v9/gone</a>.') }),
      '/v1/param/list': post({}, [], {}, { description: note('С 5 мая 2025 параметр пагинации <tt>offset<tt> будет отключён. Переключитесь на параметр <tt>last_id<tt>.') }),
      '/v1/flag/list': post({}, [], {}, { deprecated: true }),
    });
    expect(one(spec, '/v1/old/list').deprecated).toEqual({ replacement: { method: 'POST', path: '/v2/new/list' }, shutdown: '2025-08-03' });
    expect(one(spec, '/v1/some/list').deprecated).toEqual({ replacement: { method: 'POST', path: '/v9/gone' } });
    expect(one(spec, '/v1/param/list').deprecated).toBeUndefined();
    expect(one(spec, '/v1/flag/list').deprecated).toEqual({});
    expect(one(spec, '/v2/new/list').deprecated).toBeUndefined();
  });

  it('Yandex: x-deprecation-config names the replacement by id; scopes and per-method limits are kept', () => {
    const spec = { servers: YANDEX_SERVERS, paths: {
      '/v2/old': { get: { summary: 'Список цен', deprecated: true, 'x-deprecation-config': { 'shutdown-date': '2027-04-05', 'replacement-operation-id': 'getNew' }, 'x-auth-scopes': ['pricing', 'pricing:read-only'], 'x-resource-limit-config': { path: 'resp.result.offers', 'parallel-limit-value': 6, none: { amount: 10000, period: 'minutes', 'period-duration': 1 }, medium: { amount: 100000, period: 'minutes', 'period-duration': 1 } }, responses: {} } },
      '/v2/new': { post: { operationId: 'getNew', summary: 'Просмотр цен', 'x-auth-scopes': ['pricing'], 'x-resource-limit-config': { path: 'resp', none: { amount: 1, period: 'minutes', 'period-duration': 2 }, medium: { amount: 1, period: 'minutes', 'period-duration': 2 } }, responses: {} } },
    } };
    const old = one(spec, '/v2/old');
    expect(old.deprecated).toEqual({ replacement: { method: 'POST', path: '/v2/new' }, shutdown: '2027-04-05' });
    expect(old.scopes).toEqual(['pricing', 'pricing:read-only']);
    expect(old.limit).toEqual({ amount: 10000, period: '1 minute', counts: 'resp.result.offers', medium: { amount: 100000, period: '1 minute' }, parallel: 6 });
    expect(one(spec, '/v2/new').limit).toEqual({ amount: 1, period: '2 minutes', counts: 'requests' });
  });
});

describe('catalog generator: what it refuses', () => {
  it('keeps no control character of a spec (a --spec file could otherwise write terminal escapes)', () => {
    const spec = ozonSpec({ '/v1/x\u001b[2J/list': post({ 'na\u0007me': { type: 'string', enum: ['A\u009bB'] } }, [], {}, { summary: 'Список\u001b]0;pwned\u0007', operationId: 'id\r\n' }) });
    const strings: string[] = [];
    JSON.stringify(generateCatalog(spec, { file: 'x.json' }), (_, v: unknown) => (typeof v === 'string' && strings.push(v), v));
    expect(strings).toContain('Список ]0;pwned ');
    expect(strings.filter((s) => /[\u0000-\u001f\u007f-\u009f]/.test(s))).toEqual([]);
  });

  it('a file without paths, or whose servers name no provider mkt knows', () => {
    expect(() => generateCatalog({ openapi: '3.0.0' }, { file: 'x.json' })).toThrow(CatalogError);
    expect(() => generateCatalog({ paths: {}, servers: [{ url: 'https://api.example.com' }] }, { file: 'x.json' })).toThrow(/cannot tell which provider "x.json" describes/);
    expect(generateCatalog({ paths: {} }, { file: 'x.json', provider: 'ozon' }).operations).toEqual([]);
    expect(providerOfSpec({ servers: YANDEX_SERVERS })).toBe('yandex');
  });
});

describe('catalog generator on the real specs', () => {
  it('Yandex: every one of the 160 operations (GET 35, POST 108, PUT 15, DELETE 2; 7 deprecated)', () => {
    const catalog = generateCatalog(realSpec('yandex-market-partner-api.json'), { file: 'yandex-market-partner-api.json' });
    const count = (m: string) => catalog.operations.filter((op) => op.method === m).length;
    expect([catalog.provider, catalog.operations.length, count('GET'), count('POST'), count('PUT'), count('DELETE')]).toEqual(['yandex', 160, 35, 108, 15, 2]);
    expect(catalog.operations.filter((op) => op.deprecated).length).toBe(7);
    expect(catalog.operations.every((op) => op.scopes?.length && op.limit)).toBe(true);
  });

  it('Ozon: every one of the 263 operations (257 POST, 6 GET)', () => {
    const catalog = generateCatalog(realSpec('ozon-seller-api.json'), { file: 'ozon-seller-api.json' });
    expect([catalog.provider, catalog.operations.length, catalog.operations.filter((op) => op.method === 'GET').length]).toEqual(['ozon', 263, 6]);
    const stocks = catalog.operations.find((op) => op.path === '/v2/products/stocks')!;
    expect(stocks.body?.find((f) => f.name === 'stocks')).toMatchObject({ type: 'object[]', required: true });
    expect(catalog.operations.find((op) => op.path === '/v3/finance/transaction/list')?.paging).toEqual({ style: 'page', items: 'result.operations' });
  });
});
