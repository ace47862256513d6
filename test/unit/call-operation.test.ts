/**
 * What `mkt call` takes from the endpoint catalog (src/core/operation.ts): the method when none is
 * given, which requests may be sent again after a 5xx, and what a 404 of an unknown one says.
 * Over every operation of the shipped catalogs, and the provider rules where there is no catalog.
 */
import { describe, expect, it } from 'vitest';
import type { Method, Provider } from '../../src/core/types.js';
import { catalogOf, type ProviderCatalog } from '../../src/core/catalog.js';
import { chooseOperation } from '../../src/core/operation.js';
import { UsageError } from '../../src/core/errors.js';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { ozzie } from '../../src/providers/ozzie.js';
import { testContext } from '../helpers/memory-context.js';

const ctx = testContext();
const catalogs = { ozon: (await catalogOf(ctx, ozon))!, yandex: (await catalogOf(ctx, yandex))! };
const providers: Array<[string, Provider, ProviderCatalog]> = [['ozon', ozon, catalogs.ozon], ['yandex', yandex, catalogs.yandex]];
/** A concrete path for a template: `{campaignId}` → `101`. */
const concrete = (template: string): string => template.replace(/\{[^}]+\}/g, '101');

/** The thrown error's message, or undefined. */
function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  return undefined;
}

describe('the method when none is given', () => {
  it.each(providers)('%s: the spec\'s method for every path with one operation; a path with several needs it named (exit 2)', (_id, p, catalog) => {
    const ops = catalog.catalog.operations;
    expect(ops.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    for (const op of ops) {
      const path = concrete(op.path);
      const methods = catalog.operationsAt(path).map((o) => o.method);
      if (methods.length > 1) {
        const message = errorOf(() => chooseOperation(p, catalog, undefined, path, false));
        if (message !== `${p.id} '${op.path}' has ${methods.join(', ')}: name the method, e.g. mkt call ${p.id} ${methods[0]} ${path}`) wrong.push(`${op.path}: ${message}`);
      } else if (chooseOperation(p, catalog, undefined, path, false).method !== op.method) wrong.push(`${op.method} ${op.path}`);
    }
    expect(wrong).toEqual([]);
    expect(ops.some((op) => catalog.operationsAt(concrete(op.path)).length > 1)).toBe(p.id === 'yandex');
  });

  it('Ozon: its six GETs come from the catalog; an unknown path is a POST; a body for a GET needs the method named', () => {
    const gets = catalogs.ozon.catalog.operations.filter((op) => op.method === 'GET').map((op) => op.path).sort();
    expect(gets).toEqual(['/v1/actions', '/v1/cargoes-label/file/{file_guid}', '/v1/product/certificate/accordance-types', '/v1/product/certificate/types', '/v1/supplier/available_warehouses', '/v2/product/certificate/accordance-types/list']);
    const method = (path: string, body = false) => chooseOperation(ozon, catalogs.ozon, undefined, path, body).method;
    expect(method('/v1/actions?sandbox_fault=500')).toBe('GET');
    expect(method('/v1/cargoes-label/file/7d2a01e7')).toBe('GET');
    expect(method('/v1/cargoes-label/file/a/b')).toBe('POST');
    expect(method('/v1/actions/products')).toBe('POST');
    expect(method('/v9/unknown')).toBe('POST');
    expect(errorOf(() => method('/v1/actions', true))).toMatch(/^ozon '\/v1\/actions' is a GET and takes no body/);
  });

  it('Yandex: GET and POST on one path name both; a named method is taken as it is', () => {
    expect(errorOf(() => chooseOperation(yandex, catalogs.yandex, undefined, '/v2/campaigns/7/offer-prices', true))).toBe(
      "yandex '/v2/campaigns/{campaignId}/offer-prices' has GET, POST: name the method, e.g. mkt call yandex GET /v2/campaigns/7/offer-prices");
    expect(chooseOperation(yandex, catalogs.yandex, 'post', '/v2/campaigns/7/offer-prices', true)).toMatchObject({ method: 'POST', operation: { operationId: 'getPricesByOfferIds' } });
    expect(errorOf(() => chooseOperation(yandex, catalogs.yandex, 'FETCH', '/v2/campaigns', false))).toMatch(/^unknown HTTP method 'FETCH'/);
  });

  it('a provider without a catalog: GET, or POST with a body', () => {
    expect(chooseOperation(ozzie, undefined, undefined, '/v1/users', false).method).toBe('GET');
    expect(chooseOperation(ozzie, undefined, undefined, '/v1/users', true).method).toBe('POST');
  });
});

describe('which requests are sent again after a 5xx or a network failure', () => {
  const reads = (p: Provider, catalog: ProviderCatalog | undefined, method: Method, path: string) => chooseOperation(p, catalog, method, path, false).readOnly;

  // Which operations read is the catalog's, reviewed by hand (test/unit/catalog-reads.test.ts): the request follows it exactly.
  it.each(providers)('%s: exactly the catalog\'s reads', (_id, p, catalog) => {
    const ops = catalog.catalog.operations;
    expect(ops.filter((op) => reads(p, catalog, op.method, concrete(op.path)) !== op.reads).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('Ozon: the stock and price updates are writes, their readers reads (the last-segment rule is gone)', () => {
    expect(reads(ozon, catalogs.ozon, 'POST', '/v2/products/stocks')).toBe(false);
    expect(reads(ozon, catalogs.ozon, 'POST', '/v1/product/import/prices')).toBe(false);
    expect(reads(ozon, catalogs.ozon, 'POST', '/v4/product/info/stocks')).toBe(true);
    expect(reads(ozon, catalogs.ozon, 'POST', '/v5/product/info/prices')).toBe(true);
    // Reads the old rule missed: their last segment names no read.
    expect(reads(ozon, catalogs.ozon, 'POST', '/v1/product/info/description')).toBe(true);
    expect(reads(ozon, catalogs.ozon, 'POST', '/v2/chat/history')).toBe(true);
  });

  it('Yandex: a GET that needs a writing scope is a write (one confirms a shipment); a POST that reads is a read', () => {
    expect(reads(yandex, catalogs.yandex, 'GET', '/v2/campaigns/7/shipments/reception-transfer-act')).toBe(false);
    expect(reads(yandex, catalogs.yandex, 'GET', '/v2/campaigns/7/first-mile/shipments/8/act')).toBe(false);
    expect(reads(yandex, catalogs.yandex, 'GET', '/v2/campaigns')).toBe(true);
    expect(reads(yandex, catalogs.yandex, 'POST', '/v2/businesses/7/offer-mappings')).toBe(true);
    const writeGets = catalogs.yandex.catalog.operations.filter((op) => op.method === 'GET' && !op.reads);
    expect(writeGets).toHaveLength(8);
  });

  it('fails safe: what the catalog does not know is a write, whatever its method; without a catalog, the provider\'s rule', () => {
    expect(reads(ozon, catalogs.ozon, 'POST', '/v9/something/list')).toBe(false);
    expect(reads(ozon, catalogs.ozon, 'GET', '/v9/something')).toBe(false);
    expect(reads(ozon, catalogs.ozon, 'PUT', '/v3/product/list')).toBe(false);
    expect(reads(yandex, catalogs.yandex, 'GET', '/v9/campaigns')).toBe(false);
    expect(reads(ozzie, undefined, 'GET', '/v1/users')).toBe(true);
    expect(reads(ozzie, undefined, 'POST', '/v1/users')).toBe(false);
  });
});

describe('what a 404 of a request the catalog does not know says', () => {
  const hints = (p: Provider, catalog: ProviderCatalog, method: Method, path: string) => chooseOperation(p, catalog, method, path, false).notFoundHints?.();

  it('the nearest known paths, the methods a known path has, or where to search', () => {
    expect(hints(ozon, catalogs.ozon, 'POST', '/v4/posting/fbs/lisst')).toEqual(['did you mean /v3/posting/fbs/list, /v2/posting/fbo/list, /v1/posting/fbs/split? (/v4/posting/fbs/lisst is not in the ozon catalog, ozon-seller-api.json)']);
    expect(hints(ozon, catalogs.ozon, 'GET', '/v3/product/list')).toEqual(['the ozon catalog (ozon-seller-api.json) has POST /v3/product/list, not GET']);
    expect(hints(yandex, catalogs.yandex, 'GET', '/v2/campaigns/5/offers/stocks')).toEqual(['the yandex catalog (yandex-market-partner-api.json) has POST, PUT /v2/campaigns/{campaignId}/offers/stocks, not GET']);
    expect(hints(ozon, catalogs.ozon, 'POST', '/totally/elsewhere/entirely')).toEqual(['/totally/elsewhere/entirely is not in the ozon catalog (ozon-seller-api.json): search it with mkt api ozon <words>']);
    expect(hints(ozon, catalogs.ozon, 'POST', '/v3/product/list')).toBeUndefined();
  });
});
