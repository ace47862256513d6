/**
 * Property-based tests (fast-check) for credentials piped on stdin (parseCredentialInput): hostile
 * and long input, KEY=VALUE and JSON round trips, bare tokens, no value repeated in an error.
 *
 * The contract: return a value or throw a UsageError (exit 2); never anything else (that would be
 * "internal error", exit 1), never a hang, never a slow case. Seed, runs and the report for
 * scripts/reliability.mjs: test/helpers/fuzz.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCredentialInput } from '../../src/core/credential-input.js';
import { builtInProviders as providers } from '../../src/providers/index.js';
import type { Provider } from '../../src/core/types.js';
import { attempt, CRED_SPECIALS, expectAcceptedAndRejected, hostile, params, RUNS, writeFuzzReport } from '../helpers/fuzz.js';

afterAll(() => writeFuzzReport(import.meta.url));

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
    expectAcceptedAndRejected('credentials: hostile input');
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
