import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/core/json-depth.js';

const arrays = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
const objects = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;

describe('nestedDeeperThan', () => {
  it('counts each array or object as a level; scalars have none', () => {
    for (const scalar of [1, 'x', null, true, undefined]) expect(nestedDeeperThan(scalar, 0)).toBe(false);
    expect(nestedDeeperThan([], 0)).toBe(true);
    expect(nestedDeeperThan([], 1)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });

  it.each([['arrays', arrays], ['objects', objects]])('%s: exactly the limit passes, one more does not', (_name, make) => {
    expect(nestedDeeperThan(make(MAX_JSON_DEPTH))).toBe(false);
    expect(nestedDeeperThan(make(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('finds the deep branch beside shallow ones, and walks a million levels without recursion', () => {
    expect(nestedDeeperThan({ wide: Array.from({ length: 1000 }, (_, i) => ({ i })), deep: arrays(2000) })).toBe(true);
    expect(nestedDeeperThan(arrays(1_000_000))).toBe(true);
    expect(nestedDeeperThan(arrays(1_000_000), 2_000_000)).toBe(false);
  });

  it('the limit is below what JSON.stringify can write from here', () => {
    expect(() => JSON.stringify(arrays(MAX_JSON_DEPTH))).not.toThrow();
  });
});
