import { describe, expect, it } from 'vitest';
import { applyFilter, parseFilter, selectLines } from '../../src/core/filter.js';

const page = { result: { items: [{ offer_id: 'A', n: 1 }, { offer_id: 'B', n: 2 }], last_id: 'x', 'odd.key': true } };
const select = (path: string) => applyFilter(page, parseFilter(path));

describe('--filter paths', () => {
  it('selects keys, every element, indexes and quoted keys', () => {
    expect(select('result.last_id')).toEqual(['x']);
    expect(select('result.items[].offer_id')).toEqual(['A', 'B']);
    expect(select('.result.items[1].n')).toEqual([2]);
    expect(select('result.items[-1].offer_id')).toEqual(['B']);
    expect(select('result["odd.key"]')).toEqual([true]);
    expect(select('.')).toEqual([page]);
    expect(select('result.items[]')).toHaveLength(2);
  });
  it('selects nothing for missing keys or wrong types', () => {
    expect(select('result.nope')).toEqual([]);
    expect(select('result.last_id[0]')).toEqual([]);
    expect(select('result.items.offer_id')).toEqual([]);
    expect(select('result.items[9]')).toEqual([]);
    expect(applyFilter({ a: 1 }, parseFilter('constructor'))).toEqual([]);
  });
  it('prints strings raw and other values as JSON, one per line', () => {
    expect(selectLines([{ v: 'A' }, { v: 1 }, { v: { b: null } }], parseFilter('v'))).toBe('A\n1\n{"b":null}\n');
    expect(selectLines([page, page], parseFilter('result.items[].offer_id'))).toBe('A\nB\nA\nB\n');
  });
  it('says where a path is wrong', () => {
    expect(() => parseFilter('a[')).toThrow(/missing '\]'/);
    expect(() => parseFilter('a[x]')).toThrow(/'\[x\]' is not \[\], \[N\] or \["key"\]/);
    expect(() => parseFilter('a.')).toThrow(/a name is missing after the dot/);
    expect(() => parseFilter('a..b')).toThrow(/a name is missing/);
    expect(() => parseFilter('a]')).toThrow(/unexpected '\]'/);
  });
});
