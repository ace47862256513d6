import { describe, expect, it } from 'vitest';
import { parseItems } from '../../src/core/items.js';

const files: Record<string, string> = { 'name.txt': 'from file', 'filter.json': '{"visibility":"ALL"}' };
const readFile = (p: string): string => {
  if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return files[p]!;
};
const parse = (...items: string[]) => parseItems(items, readFile);

describe('request items (HTTPie syntax)', () => {
  it('sorts headers, query and data items', () => {
    const r = parse('X-Trace:abc', 'limit==10', 'name=Alex', 'count:=3', 'flag:=true', 'tags:=["a"]');
    expect(r.headers).toEqual([['X-Trace', 'abc']]);
    expect(r.query).toEqual([['limit', '10']]);
    expect(r.data).toEqual({ name: 'Alex', count: 3, flag: true, tags: ['a'] });
  });
  it('reads strings and JSON from files', () => {
    expect(parse('name=@name.txt', 'filter:=@filter.json').data).toEqual({ name: 'from file', filter: { visibility: 'ALL' } });
    expect(() => parse('x=@missing.txt')).toThrow("request item 'x=@missing.txt': cannot read 'missing.txt' (ENOENT)");
  });
  it('builds nested objects and arrays', () => {
    expect(parse('filter[visibility]=ALL', 'filter[offer_id][]=A', 'filter[offer_id][]=B', 'a[b][c]:=1').data).toEqual({
      filter: { visibility: 'ALL', offer_id: ['A', 'B'] },
      a: { b: { c: 1 } },
    });
    expect(parse('list[0]=x', 'list[1]=y').data).toEqual({ list: ['x', 'y'] });
    expect((parse('gap[10000]=x').data as { gap: unknown[] }).gap).toHaveLength(10_001);
  });
  it('refuses an index past 10,000 (a null for each gap: a[99999999]=1 was a 500 MB body)', () => {
    for (const index of ['10001', '99999999', '4294967295', '1'.repeat(400)]) {
      expect(() => parse(`a[${index}]=1`)).toThrow(/^request item 'a\[.*': index '\d+(…)?' is past 10000$/);
    }
  });
  it('takes the earliest separator, so values may contain others', () => {
    expect(parse('url=http://x/y?a==b').data).toEqual({ url: 'http://x/y?a==b' });
    expect(parse('Authorization:Bearer a=b').headers).toEqual([['Authorization', 'Bearer a=b']]);
    expect(parse('q==a:b').query).toEqual([['q', 'a:b']]);
    expect(parse('empty=').data).toEqual({ empty: '' });
  });
  it('honours backslash escapes in keys', () => {
    expect(parse('a\\=b=c').data).toEqual({ 'a=b': 'c' });
  });
  it('quotes the offending item on bad input', () => {
    expect(() => parse('nonsense')).toThrow("request item 'nonsense' has no separator");
    expect(() => parse('count:=nope')).toThrow("request item 'count:=nope' is not valid JSON after ':='");
    expect(() => parse('Bad Header:x')).toThrow("'Bad Header' is not a valid header name");
    expect(() => parse('X-A:a\u0000b')).toThrow(/control character/);
    expect(() => parse('a[b=c')).toThrow(/unbalanced brackets/);
    expect(() => parse('=x')).toThrow(/empty field name/);
    expect(() => parse('a=1', 'a[b]=2')).toThrow(/both to a value and to a nested field/);
  });
});
