/**
 * What the fuzz-*.test.ts files share: fast-check settings, the per-case book-keeping (and the report
 * scripts/reliability.mjs reads), and the hostile alphabets of the three parsers that take free text.
 *
 * Reproducible: the seed is fixed. To explore more, run with MKT_FUZZ_SEED=<n> and/or
 * MKT_FUZZ_RUNS=<n>; a failure prints the seed and the shrunk counterexample.
 * With MKT_FUZZ_REPORT=<dir>, each fuzz file writes its counts there as JSON, to <dir>/<file>.json.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/core/errors.js';

export const SEED = Number(process.env.MKT_FUZZ_SEED ?? 0x6d6b74);
export const RUNS = Math.max(2000, Number(process.env.MKT_FUZZ_RUNS ?? 2000));
/** One parse of one input: far above the real cost (microseconds), far below a hang. */
const SLOW_MS = 250;
export const params = (runs = RUNS) => ({ seed: SEED, numRuns: runs, endOnFailure: false });

// ---------------------------------------------------------------------------------------------
// Book-keeping: every case is counted by outcome, for the report and for the "not all rejected" checks.

interface Tally { cases: number; ok: number; usageErrors: number; otherErrors: number; maxMs: number }
const tallies: Record<string, Tally> = {};
export const tally = (name: string): Tally => (tallies[name] ??= { cases: 0, ok: 0, usageErrors: 0, otherErrors: 0, maxMs: 0 });

/** Runs one parse; returns its value, or the UsageError it threw. Anything else is re-thrown (a failure). */
export function attempt<T>(name: string, fn: () => T): { value?: T; error?: UsageError } {
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

/** A property over hostile input proves little if every case was accepted, or every case refused. */
export function expectAcceptedAndRejected(name: string): void {
  const t = tally(name);
  expect(t.ok, `${name}: accepted cases`).toBeGreaterThan(0);
  expect(t.usageErrors, `${name}: refused cases`).toBeGreaterThan(0);
}

/** For `afterAll(() => writeFuzzReport(import.meta.url))`: this file's counts, when MKT_FUZZ_REPORT names a folder. */
export function writeFuzzReport(testFileUrl: string): void {
  const dir = process.env.MKT_FUZZ_REPORT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(fileURLToPath(testFileUrl)).replace(/\.test\.ts$/, '')}.json`);
  writeFileSync(file, `${JSON.stringify({ seed: SEED, runsPerProperty: RUNS, properties: tallies }, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Hostile text: the characters each parser gives a meaning to, control characters, odd unicode.

export const CONTROL = ['\u0000', '\r', '\n', '\t', '\u001b', '\u007f', '\u0085', '\u2028', '\uFEFF'];
const piece = (...specials: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...specials) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
    { weight: 3, arbitrary: fc.string({ maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  );
export const hostile = (specials: string[], maxLength = 40) => fc.array(piece(...specials), { maxLength }).map((parts) => parts.join(''));

export const ITEM_SPECIALS = [':', '=', '==', ':=', '=@', ':=@', '@', '\\', '[', ']', '[]', '[0]', '[-1]', '__proto__', 'constructor', 'prototype', 'a', 'X-H', '{', '}', '"', '1', ' '];
export const FILTER_SPECIALS = ['.', '[', ']', '[]', '"', '\\', '-', '0', '9', '1e400', '99999999999999999999', 'a', 'b', ' ', '__proto__', '["', '"]'];
/** The same alphabet without the two triggers of the quoted-key bug (see fuzz-filter.test.ts). */
export const FILTER_SPECIALS_NO_ESCAPE = FILTER_SPECIALS.filter((s) => s !== '\\');
export const CRED_SPECIALS = ['=', '\n', '\r\n', '#', 'export ', '"', "'", '{', '}', '[', ']', ':', ',', ' ', 'OZON_API_KEY', 'OZON_CLIENT_ID', 'Api-Key', 'token', 'client_secret', 'clientId', '\uFEFF', 'null', '1'];

/** Files the `=@` / `:=@` items may read: some exist (one is not JSON), the rest are ENOENT. */
const FILES: Record<string, string> = { a: 'text from a', 'b.json': '{"x":[1,2]}', c: '{not json' };
export const readFile = (path: string): string => {
  if (!Object.hasOwn(FILES, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return FILES[path]!;
};
