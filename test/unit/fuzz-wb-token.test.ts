/**
 * Property-based tests (fast-check) for the Wildberries token check (the field's `check`, then the
 * provider's offline facts): hostile text, JWTs with any payload, claims of every type.
 *
 * The contract: a token is accepted or refused with one UsageError (exit 2), never anything else
 * (that would be "internal error", exit 1), never a hang; the error names no piece of the token; an
 * accepted token always yields its facts, its checks and a host for each. Seed and runs: test/helpers/fuzz.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wb } from '../../src/providers/wb.js';
import { cleanCredentials } from '../../src/core/validate.js';
import { attempt, CONTROL, expectAcceptedAndRejected, hostile, params, RUNS, writeFuzzReport } from '../helpers/fuzz.js';
import { jwtOf } from '../helpers/wb.js';

afterAll(() => writeFuzzReport(import.meta.url));

const JWT_SPECIALS = ['.', 'eyJ', 'eyJhbGciOiJFUzI1NiJ9', '-', '_', '=', '+', '/', 'Bearer ', ' ', 'e30', 'W10', 'bnVsbA', 'eyJleHAiOjF9', ...CONTROL];

/** The text the refusals are made of: a piece of a token that is also a piece of this is no leak. */
const WORDING = [wb.fields[0]!.patternHint, ...['Bearer x', 'a.b', 'eyJh.eyJ.s', `eyJh.${Buffer.from('{').toString('base64url')}.s`, 'e.bnVsbA.s', 'e.e30.s', 'e.eyJleHAiOjF9.s', `${'a'.repeat(20_000)}.b.c`]
  .map((t) => { try { cleanCredentials(wb, { token: t }, 'fuzz'); return ''; } catch (err) { return (err as Error).message; } })].join('\n');

/** The first 8-character piece of `secret` found in `text` (and not in the fixed wording), if any. */
function leakedPiece(text: string, secret: string): string | undefined {
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    if (text.includes(piece) && !WORDING.includes(piece)) return piece;
  }
  return undefined;
}

/** Checks one token: refused with a clean message, or accepted with everything that follows from it working. */
function check(name: string, token: string): void {
  const { value, error } = attempt(name, () => cleanCredentials(wb, { token }, 'fuzz'));
  if (error) {
    expect(error.message).toMatch(/^wb API token /);
    expect(leakedPiece(error.message, token.trim())).toBeUndefined();
    return;
  }
  const facts = wb.inspect!(value!);
  expect(facts, 'an accepted token has facts').toBeDefined();
  expect(Number.isNaN(Date.parse(facts!.expiresAt!))).toBe(false);
  for (const [label, text] of facts!.lines) expect(`${label} ${text}`).not.toMatch(/[\u0000-\u001f\u007f]/);
  const v = wb.verify(value!);
  for (const r of [v.request, ...(v.probes ?? []).map((p) => p.request)]) {
    expect(wb.hosts!.origin(r.host ?? wb.hosts!.of(r.path)!, value!)).toMatch(/^https:\/\/[a-z-]+\.wildberries\.ru$/);
  }
}

const claimValue = fc.oneof(
  fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 2 ** 60, 1e300, 1_900_000_000, 4_102_444_800), fc.string({ maxLength: 8 }),
  fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }),
);

describe('fuzz: the Wildberries token', () => {
  it(`accepts or refuses hostile text with one clear error (${RUNS} inputs per run)`, () => {
    fc.assert(fc.property(hostile(JWT_SPECIALS, 30), (token) => check('wb token: hostile text', token)), params());
  });

  it('survives a JWT with any payload: JSON of any shape, bytes, text', () => {
    const payload = fc.oneof(
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url')),
      fc.string({ maxLength: 40 }).map((s) => Buffer.from(s).toString('base64url')),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    );
    fc.assert(fc.property(payload, fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), (p, sig) => check('wb token: any payload', `eyJhbGciOiJFUzI1NiJ9.${p}.${sig}`)), params());
  });

  it('reads claims of every type, accepting the ones WB issues', () => {
    const claims = fc.record(
      { exp: claimValue, s: claimValue, acc: claimValue, t: claimValue, sid: claimValue, for: claimValue, id: claimValue },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(claims, (c) => check('wb token: claims of every type', jwtOf(c))), params());
    expectAcceptedAndRejected('wb token: claims of every type');
  });

  it('handles long inputs quickly', () => {
    const long = [
      'a'.repeat(1_000_000),
      `eyJ.${'a'.repeat(1_000_000)}.b`,
      '.'.repeat(500_000),
      jwtOf({ exp: 1_900_000_000, s: 2, sid: 'x'.repeat(100_000) }),
      jwtOf({ exp: 1_900_000_000, s: 2, pad: 'x'.repeat(12_000) }),
      jwtOf(Array.from({ length: 50_000 }, () => [])),
    ];
    for (const token of long) check('wb token: long inputs', token);
  });
});
