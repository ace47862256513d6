import { describe, expect, it } from 'vitest';
import { readToken, describeKind, type WbToken } from '../../src/providers/wb-token.js';
import { wb } from '../../src/providers/wb.js';
import { cleanCredentials } from '../../src/core/validate.js';
import { UsageError } from '../../src/core/errors.js';
import { bits, jwtOf, wbToken } from '../helpers/wb.js';

const read = (token: string): WbToken => {
  const t = readToken(token);
  if (typeof t === 'string') throw new Error(t);
  return t;
};

describe('a Wildberries token, decoded offline', () => {
  it('names the categories of its `s` bitmask in WB\'s order, and the read-only bit', () => {
    const t = read(wbToken({ s: bits(30, 16, 13, 7, 4, 1) }));
    expect(t.categories.map((c) => c.name)).toEqual(['content', 'marketplace', 'feedbacks', 'finance', 'users']);
    expect(t.readOnly).toBe(true);
    expect(t.otherBits).toEqual([]);
    expect(read(wbToken({ s: bits(2, 3, 5, 6, 9, 10, 11, 12) })).categories.map((c) => c.name))
      .toEqual(['analytics', 'prices', 'statistics', 'promotion', 'chat', 'supplies', 'returns', 'documents']);
  });

  it('shows bits WB does not document instead of dropping them (8 was Recommendations once)', () => {
    const t = read(wbToken({ s: bits(1, 8, 20) }));
    expect(t.categories.map((c) => c.name)).toEqual(['content']);
    expect(t.otherBits).toEqual([8, 20]);
    expect(t.readOnly).toBe(false);
  });

  it('reads the type from `acc` and the sandbox flag from `t`', () => {
    expect(describeKind(read(wbToken({ acc: 1 })))).toBe('base, read and write');
    expect(describeKind(read(wbToken({ acc: 2, t: true, s: bits(1, 30) })))).toBe('test, read only');
    expect(describeKind(read(wbToken({ acc: 3 })))).toBe('personal, read and write');
    expect(describeKind(read(wbToken({ acc: 4, extra: { for: 'asid:42' } })))).toBe('service, read and write');
    expect(read(wbToken({ acc: 4, extra: { for: 'asid:42' } })).for).toBe('asid:42');
    expect(describeKind(read(wbToken({ acc: 9 })))).toBe('of type 9, read and write');
    expect(read(wbToken({ acc: 3, t: true })).test).toBe(true);
    expect(read(wbToken({ acc: 2, t: false })).test).toBe(true);
    expect(read(jwtOf({ exp: 2_000_000_000, s: 2 })).type).toBeUndefined();
  });

  it('keeps a claim it shows only when it is a plain word: a payload may hold terminal escapes', () => {
    expect(read(wbToken()).sid).toBe('e8923014-e233-47a8-898e-3cc86d67ea61');
    expect(read(wbToken({ extra: { sid: '\u001b[2J\u001b]0;pwned\u0007' } })).sid).toBeUndefined();
    expect(read(wbToken({ extra: { for: 'asid 1\nfake line' } })).for).toBeUndefined();
  });

  it.each([
    ['Bearer with it', `Bearer ${wbToken()}`, /starts with 'Bearer '/],
    ['not a JWT', 'ACMA:abc:def', /is not a JWT/],
    ['two parts', 'eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjF9', /is not a JWT/],
    ['a payload that is not base64url', 'eyJh.eyJ.sig', /payload is not base64url/],
    ['a payload that is not JSON', `eyJh.${Buffer.from('{exp:1').toString('base64url')}.sig`, /payload is not JSON/],
    ['a payload that is not UTF-8', `eyJh.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.sig`, /payload is not JSON/],
    ['a payload that is an array', jwtOf([1, 2]), /not a JSON object/],
    ['a payload that is null', jwtOf(null), /not a JSON object/],
    ['no exp', jwtOf({ s: 2 }), /no expiry/],
    ['an exp that is text', jwtOf({ exp: '1900000000', s: 2 }), /no expiry/],
    ['an exp past any date', jwtOf({ exp: 1e300, s: 2 }), /no expiry/],
    ['no s', jwtOf({ exp: 1_900_000_000 }), /no categories/],
    ['a negative s', jwtOf({ exp: 1_900_000_000, s: -1 }), /no categories/],
    ['a fractional s', jwtOf({ exp: 1_900_000_000, s: 2.5 }), /no categories/],
    ['an s past 2^53', jwtOf({ exp: 1_900_000_000, s: 2 ** 60 }), /no categories/],
    ['far too long', `${'a'.repeat(20_000)}.b.c`, /characters long/],
  ])('is refused with one clear reason: %s', (_what, token, reason) => {
    const why = readToken(token);
    expect(why).toMatch(reason);
    const error = (() => {
      try {
        cleanCredentials(wb, { token }, 'the test');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^wb API token /);
    // Not a piece of the token, however it is cut.
    for (let i = 0; i + 8 <= token.length; i += 3) expect((error as Error).message).not.toContain(token.slice(i, i + 8));
  });
});
