import { describe, expect, it } from 'vitest';
import type { Field, Operation } from '../../src/catalog/types.js';
import { checkRequired, missingFields } from '../../src/core/required-fields.js';
import { UsageError } from '../../src/core/errors.js';
import { catalogOf } from '../../src/core/catalog.js';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { testContext } from '../helpers/memory-context.js';

const f = (name: string, type: string, required: boolean, fields?: Field[]): Field => ({ name, type, required, ...(fields ? { fields } : {}) });

/** `POST /v2/products/stocks` as the Ozon spec has it (product_id, stock, warehouse_id required; offer_id not). */
const STOCKS = [f('stocks', 'object[]', true, [f('offer_id', 'string', false), f('product_id', 'integer', true), f('stock', 'integer', true), f('warehouse_id', 'integer', true)])];

describe('missingFields: the required fields a body lacks, as paths into it', () => {
  it('names a missing top-level field, and each element of an array that lacks one', () => {
    expect(missingFields({}, STOCKS)).toEqual(['stocks']);
    expect(missingFields({ stocks: [{ product_id: 1, stock: 5, warehouse_id: 2 }, { offer_id: 'A', stock: 5 }] }, STOCKS)).toEqual(['stocks[1].product_id', 'stocks[1].warehouse_id']);
    expect(missingFields({ stocks: [] }, STOCKS)).toEqual([]);
  });

  it('looks into a nested object only where it is given, and never into a value of the wrong shape (types are not checked)', () => {
    const fields = [f('filter', 'object', true, [f('since', 'string', true), f('to', 'string', true)]), f('extra', 'object', false, [f('x', 'string', true)])];
    expect(missingFields({ filter: { since: 'a' } }, fields)).toEqual(['filter.to']);
    expect(missingFields({ filter: 'all' }, fields)).toEqual([]);
    expect(missingFields({ filter: { since: 'a', to: 'b' }, extra: {} }, fields)).toEqual(['extra.x']);
    expect(missingFields({ stocks: ['a', 1] }, STOCKS)).toEqual([]);
  });

  it('a body that is no object lacks every required field; null is a value that is there', () => {
    expect(missingFields([1, 2], STOCKS)).toEqual(['stocks']);
    expect(missingFields({ stocks: null }, STOCKS)).toEqual([]);
  });
});

describe('checkRequired: exit 2 before anything is sent, naming what is missing and the way out', () => {
  const ctx = testContext();
  const op = async (p: typeof ozon, path: string, method = 'POST'): Promise<Operation> => (await catalogOf(ctx, p))!.operationsAt(path).find((o) => o.method === method)!;
  const problem = (fn: () => void): UsageError | undefined => {
    try {
      fn();
    } catch (err) {
      if (err instanceof UsageError) return err;
      throw err;
    }
    return undefined;
  };

  it('body fields, from the shipped catalog', async () => {
    const stocks = await op(ozon, '/v2/products/stocks');
    const err = problem(() => checkRequired('ozon', stocks, '{"stocks":[{"offer_id":"A","stock":1,"warehouse_id":1}]}', new URLSearchParams(), 'ozon-seller-api.json'));
    expect(err?.message).toBe('ozon: POST /v2/products/stocks needs stocks[0].product_id: the spec marks it required');
    expect(err?.hints).toEqual(['mkt api ozon POST /v2/products/stocks describes the request (ozon-seller-api.json); --no-validate sends it anyway']);
    expect(problem(() => checkRequired('ozon', stocks, undefined, new URLSearchParams(), 's'))?.message).toMatch(/needs stocks: /);
    expect(problem(() => checkRequired('ozon', stocks, '{"stocks":[{"product_id":1,"stock":1,"warehouse_id":1}]}', new URLSearchParams(), 's'))).toBeUndefined();
  });

  it('counts past six names, so the error stays one line', async () => {
    const postings = await op(ozon, '/v3/posting/fbs/list');
    expect(problem(() => checkRequired('ozon', postings, '{"filter":{}}', new URLSearchParams(), 's'))?.message).toBe('ozon: POST /v3/posting/fbs/list needs filter.since, filter.to, limit, offset: the spec marks them required');
    const many: Operation = { method: 'POST', path: '/v1/many', title: 't', reads: false, pathParams: [], query: [], body: Array.from({ length: 9 }, (_, i) => f(`f${i}`, 'string', true)) };
    expect(problem(() => checkRequired('ozon', many, '{}', new URLSearchParams(), 's'))?.message).toBe('ozon: POST /v1/many needs f0, f1, f2, f3, f4, f5 and 3 more: the spec marks them required');
  });

  it('query parameters, named as the item that adds one', async () => {
    const required = (await catalogOf(ctx, yandex))!.catalog.operations.find((o) => o.query.some((q) => q.required) && !o.body)!;
    const name = required.query.find((q) => q.required)!.name;
    expect(problem(() => checkRequired('yandex', required, undefined, new URLSearchParams(), 's'))?.message).toMatch(new RegExp(`needs ${name}==`));
    const given = new URLSearchParams(required.query.filter((q) => q.required).map((q) => [q.name, '1']));
    expect(problem(() => checkRequired('yandex', required, undefined, given, 's'))).toBeUndefined();
  });
});
