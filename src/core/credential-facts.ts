/**
 * What a credential set says about itself offline (`provider.inspect`: a JWT's claims), and the one
 * rule core keeps for every provider that knows an expiry: warned 14 days ahead, and once expired,
 * refused before anything is sent (exit 4: the provider would reject it).
 */
import type { CredentialFacts, Credentials, Provider } from './types.js';
import { MktError } from './errors.js';
import { ExitCode } from './exit-codes.js';

export const EXPIRY_WARN_DAYS = 14;
const DAY_MS = 86_400_000;

export interface Expiry {
  /** `2026-09-01`. */
  date: string;
  /** Whole days left; negative once expired. */
  daysLeft: number;
  expired: boolean;
}

export function expiryOf(expiresAt: string, now: Date): Expiry | undefined {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return undefined;
  return { date: expiresAt.slice(0, 10), daysLeft: Math.floor((at - now.getTime()) / DAY_MS), expired: at <= now.getTime() };
}

/** `2026-09-01 (in 120 days)`, `2026-09-01 (today)`, `2026-01-01 (expired)`. */
export function describeExpiry(e: Expiry): string {
  return `${e.date} (${e.expired ? 'expired' : e.daysLeft === 0 ? 'today' : `in ${e.daysLeft} day${e.daysLeft === 1 ? '' : 's'}`})`;
}

export const expiresSoon = (e: Expiry): boolean => !e.expired && e.daysLeft < EXPIRY_WARN_DAYS;

/** The facts of a set with its expiry as a line (and a warning when it is near), for `whoami`. */
export function credentialFacts(provider: Provider, creds: Credentials, now: Date): CredentialFacts | undefined {
  const facts = provider.inspect?.(creds);
  if (!facts) return undefined;
  const expiry = facts.expiresAt === undefined ? undefined : expiryOf(facts.expiresAt, now);
  if (!expiry) return facts;
  const warnings = expiresSoon(expiry) ? [...facts.warnings, `expires in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'} (${expiry.date}): create a new one and run \`mkt login ${provider.id}\``] : facts.warnings;
  return { ...facts, lines: [...facts.lines, ['expires', describeExpiry(expiry)]], warnings, data: { ...facts.data, expiresAt: facts.expiresAt, daysLeft: expiry.daysLeft } };
}

/** Throws (exit 4) when the set says it has expired: a request could only be rejected. */
export function refuseExpired(provider: Provider, creds: Credentials, now: Date): void {
  const expiresAt = provider.inspect?.(creds)?.expiresAt;
  const expiry = expiresAt === undefined ? undefined : expiryOf(expiresAt, now);
  if (!expiry?.expired) return;
  throw new MktError(`${provider.id}: the credentials expired on ${expiresAt!.slice(0, 16).replace('T', ' ')} UTC (they say so themselves); nothing was sent`, ExitCode.rejected, [
    `create a new one and run \`mkt login ${provider.id}\``,
  ]);
}
