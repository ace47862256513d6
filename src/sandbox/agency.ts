/**
 * Generated accounts for agency-sized runs (hundreds of sellers): a fake that offers them has an
 * `agency(n)` giving its n-th set (1 ≤ n ≤ AGENCY_MAX), each its own account there, under that fake's
 * own limits. Every secret is unique and none is a substring of another (fixed-width numbers, a tail
 * derived from the number), so tests can search output for any of them. The list: fakes.ts `agency`.
 */
export const AGENCY_MAX = 99_999;

/** `00042`: fixed width, so no generated secret is a substring of another. */
export const agencyNumber = (n: number): string => {
  if (!Number.isInteger(n) || n < 1 || n > AGENCY_MAX) throw new RangeError(`agency account ${n}: expected 1..${AGENCY_MAX}`);
  return String(n).padStart(5, '0');
};

/** A stable 8-hex tail per account (FNV-1a of the number), so keys do not differ in their number only. */
export function agencyTail(n: number, salt: number): string {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (const c of agencyNumber(n)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The number of a generated secret: `pattern`'s first group, when `make(n)` gives the secret back. */
export function agencyOf(secret: string, pattern: RegExp, make: (n: number) => string): number | undefined {
  const n = Number(pattern.exec(secret)?.[1] ?? 0);
  return n >= 1 && n <= AGENCY_MAX && make(n) === secret ? n : undefined;
}
