/**
 * Property-based tests (fast-check) for the three parsers that take hostile text:
 * HTTPie request items (argv), --filter paths (argv) and credentials piped on stdin.
 *
 * The contract for each: return a value or throw a UsageError (exit 2); never anything else
 * (that would be "internal error", exit 1), never a hang, never a slow case.
 *
 * Reproducible: the seed is fixed. To explore more, run with MKT_FUZZ_SEED=<n> and/or
 * MKT_FUZZ_RUNS=<n>; a failure prints the seed and the shrunk counterexample.
 * With MKT_FUZZ_REPORT=<file>, the counts are written there as JSON (scripts/reliability.mjs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { parseItems } from '../../src/core/items.js';
import { applyFilter, parseFilter, type Step } from '../../src/core/filter.js';
import { parseCredentialInput } from '../../src/core/credential-input.js';
import { UsageError } from '../../src/core/errors.js';
import { providers } from '../../src/providers/index.js';
import type { Provider } from '../../src/core/types.js';

const SEED = Number(process.env.MKT_FUZZ_SEED ?? 0x6d6b74);
const RUNS = Math.max(2000, Number(process.env.MKT_FUZZ_RUNS ?? 2000));
/** One parse of one input: far above the real cost (microseconds), far below a hang. */
const SLOW_MS = 250;
const params = (runs = RUNS) => ({ seed: SEED, numRuns: runs, endOnFailure: false });

// ---------------------------------------------------------------------------------------------
// Book-keeping: every case is counted by outcome, for the report and for the "not all rejected" checks.

interface Tally { cases: number; ok: number; usageErrors: number; otherErrors: number; maxMs: number }
const tallies: Record<string, Tally> = {};
const tally = (name: string): Tally => (tallies[name] ??= { cases: 0, ok: 0, usageErrors: 0, otherErrors: 0, maxMs: 0 });

/** Runs one parse; returns its value, or the UsageError it threw. Anything else is re-thrown (a failure). */
function attempt<T>(name: string, fn: () => T): { value?: T; error?: UsageError } {
  const t = tally(name);
  t.cases++;
  const start = performance.now();
  try {
    const value = fn();
    t.ok++;
    return { value };
  } catch (err) {
    if (err instanceof UsageError) {
      t.usageErrors++;
      return { error: err };
    }
    t.otherErrors++;
    throw err;
  } finally {
    const ms = performance.now() - start;
    t.maxMs = Math.max(t.maxMs, ms);
    if (ms > SLOW_MS) throw new Error(`${name}: one parse took ${ms.toFixed(0)} ms`);
  }
}

afterAll(() => {
  const file = process.env.MKT_FUZZ_REPORT;
  if (file) writeFileSync(file, `${JSON.stringify({ seed: SEED, runsPerProperty: RUNS, properties: tallies }, null, 2)}\n`);
});

/**
 * The __proto__ bug (pinned below) would otherwise leak keys onto Object.prototype for the rest of
 * this worker. Each case it happens in is counted (as a case of the known bug) and undone.
 */
const PROTO = Object.getOwnPropertyDescriptors(Object.prototype);
function undoPollution(input: unknown): void {
  const proto = Object.prototype as Record<PropertyKey, unknown>;
  const added = Reflect.ownKeys(proto).filter((k) => !Object.hasOwn(PROTO, k));
  const changed = Reflect.ownKeys(PROTO).filter((k) => Object.getOwnPropertyDescriptor(proto, k)?.value !== (PROTO as Record<PropertyKey, PropertyDescriptor>)[k]!.value);
  if (added.length === 0 && changed.length === 0) return;
  for (const k of added) delete proto[k];
  for (const k of changed) Object.defineProperty(proto, k, (PROTO as Record<PropertyKey, PropertyDescriptor>)[k]!);
  const t = tally('items: Object.prototype polluted (fixed bug)');
  t.cases++;
  t.ok++;
  if (process.env.MKT_FUZZ_VERBOSE) console.log('polluted by', JSON.stringify(input));
}

// ---------------------------------------------------------------------------------------------
// Hostile text: the characters each parser gives a meaning to, control characters, odd unicode.

const CONTROL = ['\u0000', '\r', '\n', '\t', '\u001b', '\u007f', '\u0085', '\u2028', '\uFEFF'];
const piece = (...specials: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...specials) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
    { weight: 3, arbitrary: fc.string({ maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  );
const hostile = (specials: string[], maxLength = 40) => fc.array(piece(...specials), { maxLength }).map((parts) => parts.join(''));

const ITEM_SPECIALS = [':', '=', '==', ':=', '=@', ':=@', '@', '\\', '[', ']', '[]', '[0]', '[-1]', '__proto__', 'constructor', 'prototype', 'a', 'X-H', '{', '}', '"', '1', ' '];
const FILTER_SPECIALS = ['.', '[', ']', '[]', '"', '\\', '-', '0', '9', '1e400', '99999999999999999999', 'a', 'b', ' ', '__proto__', '["', '"]'];
/** The same alphabet without the two triggers of the quoted-key bug (see below). */
const FILTER_SPECIALS_NO_ESCAPE = FILTER_SPECIALS.filter((s) => s !== '\\');
const CRED_SPECIALS = ['=', '\n', '\r\n', '#', 'export ', '"', "'", '{', '}', '[', ']', ':', ',', ' ', 'OZON_API_KEY', 'OZON_CLIENT_ID', 'Api-Key', 'token', 'client_secret', 'clientId', '\uFEFF', 'null', '1'];

/** Well-formed-looking items with hostile names, nesting and values: reaches deeper than random text. */
const structuredItem = fc
  .tuple(
    fc.constantFrom('a', 'b', '__proto__', 'constructor', 'prototype', 'toString', '', 'X-H', '0'),
    fc.array(fc.constantFrom('[]', '[0]', '[1]', '[a]', '[__proto__]', '[constructor]', '[prototype]', '[', ']', '[-1]'), { maxLength: 3 }),
    fc.constantFrom(':=@', '=@', ':=', '==', '=', ':'),
    fc.oneof(fc.json({ maxDepth: 2 }), fc.string({ maxLength: 8 }), fc.constantFrom('a', 'b.json', 'c', 'missing', '')),
  )
  .map(([name, brackets, sep, value]) => `${name}${brackets.join('')}${sep}${value}`);

/** Files the `=@` / `:=@` items may read: some exist (one is not JSON), the rest are ENOENT. */
const FILES: Record<string, string> = { a: 'text from a', 'b.json': '{"x":[1,2]}', c: '{not json' };
const readFile = (path: string): string => {
  if (!Object.hasOwn(FILES, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return FILES[path]!;
};

// ---------------------------------------------------------------------------------------------
describe('fuzz: request items (parseItems)', () => {
  it(`returns or throws UsageError only, quickly (${RUNS} hostile item lists)`, () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostile(ITEM_SPECIALS), structuredItem), { maxLength: 6 }), (items) => {
        const { value } = attempt('items: hostile lists', () => parseItems(items, readFile));
        if (value?.data !== undefined) expect(() => JSON.stringify(value.data)).not.toThrow();
        undoPollution(items);
      }),
      params(),
    );
    const t = tally('items: hostile lists');
    expect(t.ok).toBeGreaterThan(0);
    expect(t.usageErrors).toBeGreaterThan(0);
  });

  it('handles long and deeply nested items in linear time', () => {
    const long = [
      '\\'.repeat(100_000),
      `${'\\='.repeat(50_000)}=v`,
      `${'a'.repeat(100_000)}`,
      `${'['.repeat(50_000)}=v`,
      `a${'[]'.repeat(20_000)}=v`,
      `a${'[0]'.repeat(20_000)}:=1`,
      `a=${'x'.repeat(1_000_000)}`,
      `a:=${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    ];
    for (const item of long) attempt('items: long inputs', () => parseItems([item], readFile));
    attempt('items: long inputs', () => parseItems(Array.from({ length: 5_000 }, (_, i) => `list[${i}]=v`), readFile));
  });

  const fieldName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);

  it('round-trips key=value: the body carries the value exactly', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fieldName, fc.string({ unit: 'grapheme', maxLength: 40 })), { minLength: 1, maxLength: 5, selector: ([k]) => k }), (pairs) => {
        const { value, error } = attempt('items: key=value round trip', () => parseItems(pairs.map(([k, v]) => `${k}=${v}`), readFile));
        expect(error).toBeUndefined();
        expect(value!.data).toEqual(Object.fromEntries(pairs));
        expect(value!.headers).toEqual([]);
        expect(value!.query).toEqual([]);
      }),
      params(),
    );
  });

  it('round-trips key:=json, key==value and Header:value', () => {
    fc.assert(
      fc.property(
        fieldName,
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ maxLength: 30 }),
        // A value starting with '=' would make `Name:=…` a JSON item (HTTPie's longest separator).
        fc.string({ maxLength: 30 }).filter((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v) && !v.startsWith('=')),
        (key, json, query, header) => {
          const { value, error } = attempt('items: :=, ==, : round trip', () =>
            parseItems([`${key}:=${JSON.stringify(json)}`, `${key}==${query}`, `X-${key}:${header}`], readFile));
          expect(error).toBeUndefined();
          expect(value!.data).toEqual({ [key]: JSON.parse(JSON.stringify(json)) });
          expect(value!.query).toEqual([[key, query]]);
          expect(value!.headers).toEqual([[`X-${key}`, header.trim()]]);
        },
      ),
      params(),
    );
  });

  it('never lets a control character into a header value', () => {
    fc.assert(
      fc.property(fieldName, fc.string({ maxLength: 10 }).filter((v) => !v.startsWith('=')), fc.constantFrom(...CONTROL.filter((c) => c.charCodeAt(0) < 0xa0)), fc.string({ maxLength: 10 }), (name, a, bad, b) => {
        const { error } = attempt('items: control characters in headers', () => parseItems([`${name}:${a}${bad}${b}`], readFile));
        expect(error?.message).toMatch(/control character/);
      }),
      params(),
    );
  });

  // Regression: field names never reach Object.prototype (items.ts put()).
  it('does not pollute Object.prototype through __proto__ field names', () => {
    try {
      const { value } = attempt('items: __proto__ (fixed bug)', () => parseItems(['__proto__[polluted]=yes'], readFile));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.hasOwn(value?.data ?? {}, '__proto__')).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('keeps a __proto__ field in the body instead of dropping it silently', () => {
    const { value, error } = attempt('items: __proto__ (fixed bug)', () => parseItems(['__proto__=v'], readFile));
    // A UsageError would be fine too; silently sending {} is not.
    if (!error) expect(JSON.stringify(value!.data)).toBe('{"__proto__":"v"}');
  });
});

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
        if (value) expect(Array.isArray(applyFilter(json, value))).toBe(true);
      }),
      params(),
    );
    const t = tally('filter: hostile paths');
    expect(t.ok).toBeGreaterThan(0);
    expect(t.usageErrors).toBeGreaterThan(0);
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
  /** The canonical text of a path: bare names where they can be bare, ["…"] otherwise. */
  const render = (steps: Step[]): string =>
    steps
      .map((s, i) => {
        if ('each' in s) return '[]';
        if ('index' in s) return `[${s.index}]`;
        const bare = /^[^.[\]"\s]+$/.test(s.key);
        return bare ? `${i === 0 ? '' : '.'}${s.key}` : `[${JSON.stringify(s.key)}]`;
      })
      .join('');

  it('round-trips generated paths: parse(render(steps)) gives the same steps', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const text = render(steps);
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
        const { value } = attempt('filter: selection', () => applyFilter(doc, parseFilter(render(steps))));
        expect(value).toEqual([leaf]);
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('fuzz: stdin credentials (parseCredentialInput)', () => {
  const provider = fc.constantFrom(...providers);

  it(`returns or throws UsageError only, quickly (${RUNS} hostile inputs per run)`, () => {
    const text = fc.oneof(
      hostile(CRED_SPECIALS, 60),
      fc.json().map((j) => ` ${j} `),
      fc.object().map((o) => JSON.stringify(o) ?? ''),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    fc.assert(
      fc.property(provider, text, (p, input) => {
        const { value } = attempt('credentials: hostile input', () => parseCredentialInput(p, input));
        if (value) {
          const keys = p.fields.map((f) => f.key);
          for (const [k, v] of Object.entries(value)) {
            expect(keys).toContain(k);
            expect(typeof v).toBe('string');
          }
        }
      }),
      params(),
    );
    const t = tally('credentials: hostile input');
    expect(t.ok).toBeGreaterThan(0);
    expect(t.usageErrors).toBeGreaterThan(0);
  });

  it('handles long inputs quickly', () => {
    const big = [
      'a'.repeat(1_000_000),
      `${'export '.repeat(100_000)}X=1`,
      `OZON_API_KEY${' '.repeat(100_000)}x`,
      '\n'.repeat(200_000),
      `{${'"a":1,'.repeat(50_000)}"b":2}`,
      `${'# comment\n'.repeat(50_000)}OZON_CLIENT_ID=1`,
      `${'['.repeat(100_000)}`,
    ];
    for (const p of providers) for (const text of big) attempt('credentials: long inputs', () => parseCredentialInput(p, text));
  });

  /** One alias of a field as a person might write it: any of key, env name or label, any case, any punctuation. */
  const alias = (p: Provider, index: number) =>
    fc
      .tuple(fc.constantFrom('key', 'env', 'label'), fc.boolean(), fc.constantFrom('', '_', '-', '.'))
      .map(([which, upper, glue]) => {
        const f = p.fields[index]!;
        const base = which === 'key' ? f.key : which === 'env' ? f.env : f.label;
        const name = base.replace(/[^A-Za-z0-9]+/g, glue);
        return upper ? name.toUpperCase() : name.toLowerCase();
      });
  /** Values of one line: no line breaks; unquoted ones have no surrounding blanks or quotes. */
  const lineValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((v) => !/[\n\r\u2028\u2029]/.test(v));
  const written = (value: string) =>
    fc.constantFrom('plain', 'double', 'single').map((q) => {
      const looksQuoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]);
      if (q === 'plain' && value === value.trim() && !looksQuoted) return value;
      return q === 'single' ? `'${value}'` : `"${value}"`;
    });

  it('round-trips KEY=VALUE lines for every known key spelling', () => {
    fc.assert(
      fc.property(
        provider.chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.tuple(...p.fields.map((_, i) => fc.tuple(alias(p, i), lineValue.chain((v) => fc.tuple(fc.constant(v), written(v))), fc.boolean(), fc.constantFrom(' = ', '=', '  =  ', '\t=')))),
            fc.constantFrom('\n', '\r\n'),
            fc.array(fc.constantFrom('', '# a comment = with = signs', '   ', '#OZON_API_KEY=nope'), { maxLength: 3 }),
          ),
        ),
        ([p, lines, eol, noise]) => {
          // The one-line `export KEY=VALUE` for a one-field provider is the bug pinned below.
          fc.pre(!(p.fields.length === 1 && lines[0]![2] && noise.every((n) => n.trim() === '')));
          const text = [...noise, ...lines.map(([name, [, shown], exported, eq]) => `${exported ? 'export ' : ''}${name}${eq}${shown}`)].join(eol);
          const expected = Object.fromEntries(lines.map(([, [value]], i) => [p.fields[i]!.key, value]));
          const { value, error } = attempt('credentials: KEY=VALUE round trip', () => parseCredentialInput(p, text));
          expect(error?.message).toBeUndefined();
          expect(value).toEqual(expected);
        },
      ),
      params(),
    );
  });

  // Regression: a one-line `export KEY=value` is read as KEY=VALUE, not as a bare token.
  it('reads a one-line `export KEY=VALUE` for a one-field provider as KEY=VALUE', () => {
    const yandex = providers.find((p) => p.fields.length === 1)!;
    const { value } = attempt('credentials: one-line export (fixed bug)', () => parseCredentialInput(yandex, 'export YANDEX_MARKET_API_KEY=ACMA:abc:def\n'));
    expect(value).toEqual({ token: 'ACMA:abc:def' });
  });

  it('round-trips a JSON object with any string values', () => {
    fc.assert(
      fc.property(
        provider.chain((p) => fc.tuple(fc.constant(p), fc.tuple(...p.fields.map((_, i) => fc.tuple(alias(p, i), fc.string({ unit: 'grapheme', maxLength: 40 })))))),
        ([p, pairs]) => {
          const { value, error } = attempt('credentials: JSON round trip', () => parseCredentialInput(p, JSON.stringify(Object.fromEntries(pairs))));
          expect(error?.message).toBeUndefined();
          expect(value).toEqual(Object.fromEntries(pairs.map(([, v], i) => [p.fields[i]!.key, v])));
        },
      ),
      params(),
    );
  });

  it('takes a bare token for a one-field provider as it is (trimmed)', () => {
    const yandex = providers.find((p) => p.fields.length === 1)!;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((t) => t.trim() !== '' && !/\n/.test(t) && !t.trim().startsWith('{') && !/^[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(t.trim()) && !t.startsWith('\uFEFF')), (token) => {
        const { value } = attempt('credentials: bare token', () => parseCredentialInput(yandex, token));
        expect(value).toEqual({ [yandex.fields[0]!.key]: token.trim() });
      }),
      params(),
    );
  });

  it('never repeats a value in an error message', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
    const shapes = [
      (s: string) => `UNKNOWN_KEY=${s}`,
      (s: string) => `OZON_API_KEY=${s}`,
      (s: string) => `not a key ${s}`,
      (s: string) => s,
      (s: string) => `= ${s}`,
      (s: string) => `{"OZON_API_KEY": "${s}", "nope": 1}`,
      (s: string) => `{"OZON_API_KEY": "${s}"`,
      (s: string) => `{"apiKey": ["${s}"]}`,
      (s: string) => `{"token": {"v": "${s}"}}`,
    ];
    const badLine = fc.tuple(secret, fc.nat({ max: shapes.length - 1 })).map(([s, i]) => ({ secret: s, line: shapes[i]!(s) }));
    fc.assert(
      fc.property(provider, fc.array(badLine, { minLength: 1, maxLength: 3 }), (p, lines) => {
        const { error } = attempt('credentials: errors hide values', () => parseCredentialInput(p, lines.map((l) => l.line).join('\n')));
        if (error) for (const { secret: s } of lines) expect(error.message).not.toContain(s);
      }),
      params(),
    );
  });
});

describe('fuzz: every UsageError is one line', () => {
  // Regression: user input is quoted with control characters escaped (core/quote.ts).
  it('carries no control characters from the input', () => {
    fc.assert(
      fc.property(fc.constantFrom('items', 'filter', 'credentials'), hostile([...ITEM_SPECIALS, ...FILTER_SPECIALS_NO_ESCAPE]), (which, text) => {
        const { error } = attempt('messages: one line (fixed bug)', () =>
          which === 'items' ? parseItems([text], readFile) : which === 'filter' ? parseFilter(text.replace(/\\/g, '')) : parseCredentialInput(providers[0]!, `{${JSON.stringify(text)}: "x"}`));
        if (error) expect(error.message).not.toMatch(/[\u0000-\u001f\u007f]/);
      }),
      params(),
    );
  });
});
