/**
 * A Wildberries token is a JWT whose payload says what it may do: decoded here, never verified (only
 * WB can). Fields and bits: WB's api-information page, "About the token" (docs/providers.md).
 */
import { CATEGORIES, type Category } from './wb-hosts.js';

export interface WbToken {
  /** Expiry, unix seconds (`exp`). */
  exp: number;
  /** The categories its `s` bitmask grants, in WB's order. */
  categories: Category[];
  /** Bits of `s` that name no category WB documents (shown, never dropped). */
  otherBits: number[];
  readOnly: boolean;
  /** `t`: works only on WB's sandbox hosts. */
  test: boolean;
  /** `acc`: 1 base, 2 test, 3 personal, 4 service; undefined when absent. */
  type?: number;
  /** `sid`: the seller's id on Wildberries. */
  sid?: string;
  /** `for` of a service token: `asid:<service id>`. */
  for?: string;
}

const READ_ONLY_BIT = 30;
export const TOKEN_TYPES: Record<number, string> = { 1: 'base', 2: 'test', 3: 'personal', 4: 'service' };

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Far above a real token (a few hundred characters), far below a slow decode. */
const MAX_LENGTH = 16_384;
/** The latest date a JavaScript Date holds, in seconds. */
const MAX_EXP = 8.64e12;

/** A claim shown as it is only when it is a plain word: a payload may hold anything, terminal escapes included. */
const PLAIN = /^[A-Za-z0-9:._-]{1,64}$/;
const plain = (v: unknown): v is string => typeof v === 'string' && PLAIN.test(v);

const bitSet = (mask: number, bit: number): boolean => Math.floor(mask / 2 ** bit) % 2 === 1;

/** The token's claims, or why it is no WB token (words that follow "WB token"; never a piece of it). */
export function readToken(token: string): WbToken | string {
  if (/^bearer\s/i.test(token)) return "starts with 'Bearer ': give the token alone";
  if (token.length > MAX_LENGTH) return `is ${token.length} characters long; a WB token has a few hundred`;
  if (!JWT.test(token)) return 'is not a JWT (three base64url parts joined by dots; a WB token starts with eyJ)';
  const part = token.split('.')[1]!;
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) return 'is not a JWT: its payload is not base64url';
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return 'is not a JWT: its payload is not JSON text';
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return 'is not a JWT: its payload is not a JSON object';
  const c = claims as Record<string, unknown>;
  if (typeof c.exp !== 'number' || !Number.isFinite(c.exp) || c.exp <= 0 || c.exp > MAX_EXP) return 'has no expiry (its payload has no valid "exp")';
  if (typeof c.s !== 'number' || !Number.isSafeInteger(c.s) || c.s < 0) return 'has no categories (its payload has no valid "s" bitmask)';
  const mask = c.s;
  const known = new Set([...CATEGORIES.map((k) => k.bit), READ_ONLY_BIT]);
  return {
    exp: c.exp,
    categories: CATEGORIES.filter((k) => bitSet(mask, k.bit)),
    otherBits: Array.from({ length: 53 }, (_, bit) => bit).filter((bit) => !known.has(bit) && bitSet(mask, bit)),
    readOnly: bitSet(mask, READ_ONLY_BIT),
    test: c.t === true || c.acc === 2,
    ...(typeof c.acc === 'number' ? { type: c.acc } : {}),
    ...(plain(c.sid) ? { sid: c.sid } : {}),
    ...(plain(c.for) ? { for: c.for } : {}),
  };
}

/** The token of a checked credential set: it decoded when it was checked. */
export function tokenOf(token: string | undefined): WbToken | undefined {
  const read = readToken((token ?? '').trim());
  return typeof read === 'string' ? undefined : read;
}

/** `personal, read and write`: what `whoami` and the facts say of a token. */
export function describeKind(t: WbToken): string {
  const type = t.type === undefined ? 'of no stated type' : (TOKEN_TYPES[t.type] ?? `of type ${t.type}`);
  return `${type}${t.test && t.type !== 2 ? ' (test)' : ''}, ${t.readOnly ? 'read only' : 'read and write'}`;
}
