/** Wildberries tokens for unit tests: JWTs with the claims WB's tokens carry, unsigned (mkt never verifies). */

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT whose payload is `claims` as given (any JSON value). */
export const jwtOf = (claims: unknown, signature = 'c2lnbmF0dXJl'): string => `${part({ alg: 'ES256', typ: 'JWT' })}.${part(claims)}.${signature}`;

/** The `s` bitmask with these bit positions set (WB's "Token categories": 1 content, 4 marketplace, 30 read only…). */
export const bits = (...positions: number[]): number => positions.reduce((s, b) => s + 2 ** b, 0);

const DAY_S = 86_400;

/** A personal token (`acc` 3) expiring `days` after `now`, granting the bits given (content and marketplace by default). */
export function wbToken(opts: { days?: number; s?: number; acc?: number; t?: boolean; now?: number; extra?: Record<string, unknown> } = {}): string {
  const now = opts.now ?? Date.now();
  return jwtOf({
    id: '3f1b2c4d-0000-4000-8000-00000000a001', sid: 'e8923014-e233-47a8-898e-3cc86d67ea61', oid: 1001,
    acc: opts.acc ?? 3, s: opts.s ?? bits(1, 4), t: opts.t ?? false, exp: Math.floor(now / 1000) + (opts.days ?? 100) * DAY_S, ...opts.extra,
  });
}
