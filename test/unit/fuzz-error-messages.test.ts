/**
 * Property-based test (fast-check) across the three parsers that take free text (request items,
 * --filter paths, stdin credentials): the UsageError each throws for hostile text is one line.
 *
 * The contract: return a value or throw a UsageError (exit 2); never anything else (that would be
 * "internal error", exit 1), never a hang, never a slow case. Seed, runs and the report for
 * scripts/reliability.mjs: test/helpers/fuzz.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseItems } from '../../src/core/items.js';
import { parseFilter } from '../../src/core/filter.js';
import { parseCredentialInput } from '../../src/core/credential-input.js';
import { builtInProviders as providers } from '../../src/providers/index.js';
import { attempt, FILTER_SPECIALS_NO_ESCAPE, hostile, ITEM_SPECIALS, params, readFile, writeFuzzReport } from '../helpers/fuzz.js';

afterAll(() => writeFuzzReport(import.meta.url));

// ---------------------------------------------------------------------------------------------
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
