/**
 * The tokens the wb fake knows: JWTs it signs itself (HS256 with a key published here: they work
 * nowhere else), with claims as WB's are (`exp`, `s` bitmask, `acc`, `t`, `sid`). Minted when the
 * sandbox loads, relative to today, so "expiring" always expires in 5 days.
 */
import { createHmac } from 'node:crypto';

const KEY = 'mkt sandbox: Wildberries tokens signed with this published key work only here';
const DAY_S = 86_400;
const today = Math.floor(Date.now() / 1000 / DAY_S) * DAY_S;

/** Bits of `s` (WB's "Token categories"): 1 content, 3 prices, 4 marketplace, 5 statistics, 6 promotion, 7 feedbacks; 30 read only. */
const bits = (...positions: number[]): number => positions.reduce((s, b) => s + 2 ** b, 0);
const SHOP = bits(1, 3, 4, 5, 6, 7);
export const SANDBOX_SELLER = { sid: '5a1d2b3c-4e5f-4a6b-8c7d-0e9f8a7b6c5d', name: 'ИП Песочница', tradeMark: 'Sandbox Store', oid: 4_100_001 };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const signature = (signed: string, key = KEY): string => createHmac('sha256', key).update(signed).digest('base64url');

function mint(id: string, claims: Record<string, unknown>, key = KEY): string {
  const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ id, sid: SANDBOX_SELLER.sid, oid: SANDBOX_SELLER.oid, ...claims })}`;
  return `${signed}.${signature(signed, key)}`;
}

const personal = (s: number, exp: number) => ({ acc: 3, for: 'self', s, t: false, exp });
const lasting = today + 180 * DAY_S;

/** Field keys as in the provider (`token`); every token unique, none a piece of another (see fakes.ts). */
export const WB_CREDENTIALS = {
  /** Personal, read and write: content, prices, marketplace, statistics, promotion, feedbacks. */
  valid: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e01', personal(SHOP, lasting)) },
  /** The same, read only (bit 30): writes are refused. */
  readOnly: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e02', personal(SHOP + bits(30), lasting)) },
  /** Statistics only: every other category's host refuses it. */
  wrongCategory: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e03', personal(bits(5), lasting)) },
  /** Expired on 2025-01-01. */
  expired: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e04', personal(SHOP, Date.UTC(2025, 0, 1) / 1000)) },
  /** Expires in 5 days: `whoami` and `status` warn. */
  expiring: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e05', personal(SHOP, today + 5 * DAY_S)) },
  /** A test token (`acc` 2, `t`): only the `-sandbox` hosts take it. */
  test: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e06', { acc: 2, s: SHOP, t: true, exp: lasting }) },
  /** A base token (`acc` 1): content and marketplace. */
  base: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e07', { acc: 1, s: bits(1, 4), t: false, exp: lasting }) },
  /** Well formed, signed with another key: as a deleted token, refused with 401. */
  invalid: { token: mint('0b1e9d3a-7c41-4f0e-9a52-6d3c8b1f2e08', personal(SHOP, lasting), 'a key the sandbox does not have') },
} as const;
