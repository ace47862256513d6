/**
 * Property-based tests (fast-check) for --filter paths from argv (parseFilter / applyFilter):
 * hostile and long paths, quoted-key escapes, round trips of formatPath and what paths select, and
 * whyNothing's note on an empty selection.
 *
 * The contract: return a value or throw a UsageError (exit 2); never anything else (that would be
 * "internal error", exit 1), never a hang, never a slow case. Seed, runs and the report for
 * scripts/reliability.mjs: test/helpers/fuzz.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyFilter, formatPath, parseFilter, whyNothing, type Step } from '../../src/core/filter.js';
import { UsageError } from '../../src/core/errors.js';
import { attempt, expectAcceptedAndRejected, FILTER_SPECIALS, FILTER_SPECIALS_NO_ESCAPE, hostile, params, RUNS, writeFuzzReport } from '../helpers/fuzz.js';

afterAll(() => writeFuzzReport(import.meta.url));

// ---------------------------------------------------------------------------------------------
describe('fuzz: --filter paths (parseFilter / applyFilter)', () => {
  // Regression: a bad escape in a quoted key is a usage error, not an internal one.
  it(`returns or throws UsageError only, quickly (${RUNS} hostile paths, backslashes included)`, () => {
    fc.assert(
      fc.property(hostile(FILTER_SPECIALS), (path) => {
        attempt('filter: hostile paths (fixed bug)', () => parseFilter(path));
      }),
      params(),
    );
  });

  it('rejects a bad escape inside a quoted key with a UsageError (minimal case)', () => {
    const { error } = attempt('filter: bad escape in a quoted key (fixed bug)', () => parseFilter('a["\\x"]'));
    expect(error).toBeInstanceOf(UsageError);
  });

  it(`returns or throws UsageError only, quickly (${RUNS} hostile paths without backslashes)`, () => {
    fc.assert(
      fc.property(hostile(FILTER_SPECIALS_NO_ESCAPE).map((p) => p.replace(/[\\\u0000-\u001f]/g, '')), fc.jsonValue({ maxDepth: 3 }), (path, json) => {
        const { value } = attempt('filter: hostile paths', () => parseFilter(path));
        if (!value) return;
        const selected = applyFilter(json, value);
        expect(Array.isArray(selected)).toBe(true);
        // The note on an empty selection: a string when there is one, and never beside a selection.
        const why = whyNothing([json], value);
        expect(why === undefined || (typeof why === 'string' && !why.includes('\n'))).toBe(true);
        if (selected.length) expect(why).toBeUndefined();
      }),
      params(),
    );
    expectAcceptedAndRejected('filter: hostile paths');
  });

  it('handles long paths quickly (the 1000-character cap holds)', () => {
    for (const path of ['['.repeat(100_000), 'a.'.repeat(499) + 'a', '["'.repeat(400), `["${'\\"'.repeat(400)}"]`, 'a'.repeat(1000), '[]'.repeat(500), '.'.repeat(100_000)]) {
      attempt('filter: long inputs', () => parseFilter(path));
    }
    expect(() => parseFilter('a'.repeat(1001))).toThrow(UsageError);
  });

  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((k) => !k.includes(']')).map((key) => ({ key })),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((index) => ({ index })),
    fc.constant({ each: true as const }),
  );
  it('round-trips generated paths: parse(formatPath(steps)) gives the same steps', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const text = formatPath(steps);
        fc.pre(text.length <= 1000);
        const { value, error } = attempt('filter: round trip', () => parseFilter(text));
        expect(error?.message).toBeUndefined();
        expect(value).toEqual(steps);
      }),
      params(),
    );
  });

  it('selects what a rendered path points at in a generated document', () => {
    const keyName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(keyName, fc.nat({ max: 3 })), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), (path, leaf) => {
        // Build the document the path walks down: objects for names, arrays for indexes.
        let doc: unknown = leaf;
        for (const part of [...path].reverse()) {
          if (typeof part === 'number') {
            const arr: unknown[] = Array.from({ length: part + 1 }, () => null);
            arr[part] = doc;
            doc = arr;
          } else doc = { [part]: doc };
        }
        const steps = path.map((p) => (typeof p === 'number' ? { index: p } : { key: p }));
        const { value } = attempt('filter: selection', () => applyFilter(doc, parseFilter(formatPath(steps))));
        expect(value).toEqual([leaf]);
      }),
      params(),
    );
  });
});

