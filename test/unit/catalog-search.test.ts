import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openCatalogs } from '../../src/catalog/load.js';
import { searchOperations, stem } from '../../src/catalog/search.js';
import { requiredFields, skeleton } from '../../src/catalog/example.js';

const catalogs = openCatalogs({ dir: fileURLToPath(new URL('../../src/catalog/index/', import.meta.url)) });
const ozon = catalogs.catalog('ozon').operations;
const yandex = catalogs.catalog('yandex').operations;
const paths = (words: string[], ops = ozon) => searchOperations(ops, words).map((op) => op.path);

describe('searching the catalog in Russian and English', () => {
  it('остатки finds the stock readers and writers, whatever case the title uses (остатков, остатках, остаткам)', () => {
    const found = paths(['остатки']);
    for (const p of ['/v1/product/info/stocks-by-warehouse/fbs', '/v1/analytics/stocks', '/v2/products/stocks', '/v4/product/info/stocks']) expect(found).toContain(p);
  });

  it('stocks (English, through the glossary and the paths) finds the same operations', () => {
    expect(new Set(paths(['stocks']))).toEqual(new Set(paths(['остатки'])));
  });

  it('every word must fit: остатки fbs narrows to FBS stock', () => {
    expect(paths(['остатки', 'fbs'])).toEqual(['/v1/product/info/stocks-by-warehouse/fbs', '/v1/report/warehouse/stock']);
  });

  it('fbs matches titles and paths; deprecated operations come last', () => {
    const found = searchOperations(ozon, ['fbs']);
    expect(found.length).toBeGreaterThan(40);
    const firstDeprecated = found.findIndex((op) => op.deprecated);
    expect(found.slice(firstDeprecated).every((op) => op.deprecated)).toBe(true);
  });

  it('Yandex: prices and цены, orders and заказы, by title and by operation id', () => {
    expect(paths(['цены'], yandex)).toContain('/v2/businesses/{businessId}/offer-prices/updates');
    expect(paths(['prices'], yandex)).toContain('/v2/businesses/{businessId}/offer-prices/updates');
    expect(paths(['заказы'], yandex)).toContain('/v1/businesses/{businessId}/orders');
    expect(paths(['getBusinessOrders'], yandex)).toEqual(['/v1/businesses/{businessId}/orders']);
  });

  it('no match is an empty list', () => {
    expect(paths(['xyzzy'])).toEqual([]);
  });

  it('stems Russian words without cutting them below three letters', () => {
    expect([stem('Остатки'), stem('заказов'), stem('цены'), stem('ёлки')]).toEqual(['остатк', 'заказ', 'цен', 'елк']);
  });
});

describe('body skeletons (mkt api … --example)', () => {
  it('fills the required fields by type, nested, and leaves the optional ones out', () => {
    const stocks = catalogs.operationFor('ozon', 'POST', '/v2/products/stocks')!;
    expect(skeleton(stocks.body!)).toEqual({ stocks: [{ product_id: 0, stock: 0, warehouse_id: 0 }] });
    expect(requiredFields(stocks.body!)).toEqual(['stocks[]', 'stocks[].product_id', 'stocks[].stock', 'stocks[].warehouse_id']);
  });

  it('an enum gets its first value, a string "", a boolean false; no required field gives {}', () => {
    const body = [
      { name: 'kind', type: 'string', required: true, enum: ['FBS', 'FBO'] },
      { name: 'note', type: 'string', required: true },
      { name: 'on', type: 'boolean', required: true },
      { name: 'ids', type: 'string[]', required: true },
      { name: 'optional', type: 'integer', required: false },
    ];
    expect(skeleton(body)).toEqual({ kind: 'FBS', note: '', on: false, ids: [''] });
    expect(skeleton(catalogs.operationFor('ozon', 'POST', '/v3/product/list')!.body!)).toEqual({});
  });
});
