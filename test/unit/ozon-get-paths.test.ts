import { describe, expect, it } from 'vitest';
import { ozon, OZON_GET_PATHS } from '../../src/providers/ozon.js';
import { loadSpec } from '../helpers/openapi.js';

const spec = loadSpec('ozon-seller-api.json');
const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
/** A concrete path for a template: `{file_guid}` → `sample-1`. */
const concrete = (template: string): string => template.replace(/\{[^}]+\}/g, 'sample-1');

describe('the method mkt picks for an Ozon path when none is given', () => {
  it('OZON_GET_PATHS is exactly the GET paths of the spec', () => {
    const specGets = operations.filter((op) => op.method === 'GET').map((op) => op.path);
    expect(specGets).toHaveLength(6);
    expect([...OZON_GET_PATHS].sort()).toEqual(specGets.sort());
  });

  it('is the spec\'s method for every one of its operations', () => {
    expect(operations.length).toBeGreaterThan(250);
    const wrong = operations.filter((op) => ozon.defaultMethod!(concrete(op.path)) !== op.method);
    expect(wrong.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('reads the path without its query, and the end of a full URL (a base URL may carry a prefix)', () => {
    expect(ozon.defaultMethod!('/v1/actions?sandbox_fault=500')).toBe('GET');
    expect(ozon.defaultMethod!('http://127.0.0.1:8765/ozon/v1/actions')).toBe('GET');
    expect(ozon.defaultMethod!('/v1/cargoes-label/file/7d2a01e7')).toBe('GET');
    expect(ozon.defaultMethod!('/v1/cargoes-label/file/a/b')).toBe('POST');
    expect(ozon.defaultMethod!('/v1/actions/products')).toBe('POST');
    expect(ozon.defaultMethod!('/v9/unknown')).toBe('POST');
  });
});
