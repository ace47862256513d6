import { describe, expect, it } from 'vitest';
import { applyFilter, formatPath, parseFilter, selectLines, whyNothing } from '../../src/core/filter.js';

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
  it('refuses jq syntax rather than selecting nothing, and keeps a plain path with a leading dot', () => {
    for (const jq of ['.result.items[] | .offer_id', 'map(.offer_id)', '.result.items[] | select(.n > 1)', '{offer_id}', '.a, .b', '.result.items[].n?', '$__loc__']) {
      expect(() => parseFilter(jq), jq).toThrow(/this is not jq: pipe to jq instead/);
    }
    expect(select('.result.items[].offer_id')).toEqual(['A', 'B']);
    // The same characters inside a quoted key are a key.
    expect(applyFilter({ 'a|b (c)': 1 }, parseFilter('["a|b (c)"]'))).toEqual([1]);
    expect(formatPath([{ key: 'a|b' }])).toBe('["a|b"]');
  });
});

describe('--filter that selects nothing: where the path went wrong', () => {
  const why = (path: string, json: unknown = page) => whyNothing([json], parseFilter(path));
  it('names the missing key and the keys that are there', () => {
    expect(why('results.items[].offer_id')).toBe("no key 'results' in the response (its keys: 'result')");
    expect(why('result.items[].offer')).toBe("no key 'offer' in 'result.items[]' (its keys: 'offer_id', 'n')");
    expect(why('a', {})).toBe("no key 'a' in the response (an empty object)");
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(why('x', wide)).toMatch(/its keys: 'k0', .*'k7', …\)$/);
  });
  it('says when a key is asked of an array or a scalar, or [] and [N] of a scalar', () => {
    expect(why('result.items.offer_id')).toBe("'offer_id' is a key, but 'result.items' is an array: [] before it takes each element");
    expect(why('result.last_id.x')).toBe("'x' is a key, but 'result.last_id' is a string");
    expect(why('result.last_id[]')).toBe("[] takes elements, but 'result.last_id' is a string");
    expect(why('result.last_id[0]')).toBe("[0] takes an element, but 'result.last_id' is a string");
    expect(why('result.items[5]')).toBe("[5] is past the end of 'result.items' (2 elements)");
    expect(why('["odd.key"].x', { 'odd.key': null })).toBe(`'x' is a key, but '["odd.key"]' is null`);
  });
  it('finds nothing wrong when the path selected something or ran into empty lists', () => {
    expect(why('result.items[].offer_id')).toBeUndefined();
    expect(why('result.items[].offer_id', { result: { items: [] } })).toBeUndefined();
    expect(why('result.items[0]', { result: { items: [] } })).toBeUndefined();
    expect(why('result[]', { result: {} })).toBeUndefined();
    expect(whyNothing([], parseFilter('a'))).toBeUndefined();
  });
  it('looks at every value: a key that some have is not missing', () => {
    expect(whyNothing([{ a: 1 }, { b: 2 }], parseFilter('b'))).toBeUndefined();
    expect(whyNothing([{ a: 1 }, { b: 2 }], parseFilter('c'), 'an item')).toBe("no key 'c' in an item (its keys: 'a')");
    expect(whyNothing(['x'], parseFilter('[]'), 'an item')).toBe('[] takes elements, but an item is a string');
  });
  it('writes the path back as parseFilter reads it', () => {
    for (const path of ['result.items[].offer_id', 'items[-1]', 'a["odd.key"].b', '[0][1]']) expect(formatPath(parseFilter(path))).toBe(path);
  });
});
