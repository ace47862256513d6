import { describe, expect, it } from 'vitest';
import { credentialFacts, describeExpiry, expiryOf, refuseExpired } from '../../src/core/credential-facts.js';
import { MktError } from '../../src/core/errors.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { wbToken } from '../helpers/wb.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const wb = builtInRegistry.find('wb')!;
const ozon = builtInRegistry.find('ozon')!;
const expiringIn = (days: number) => ({ token: wbToken({ now: NOW.getTime(), days }) });

describe('what credentials say about themselves', () => {
  it('days left, whole, and the date as people read it', () => {
    const e = expiryOf('2026-12-03T12:00:00.000Z', NOW)!;
    expect(e).toEqual({ date: '2026-12-03', daysLeft: 10, expired: false });
    expect(describeExpiry(e)).toBe('2026-12-03 (in 10 days)');
    expect(describeExpiry(expiryOf('2026-11-24T11:00:00Z', NOW)!)).toBe('2026-11-24 (today)');
    expect(describeExpiry(expiryOf('2026-11-24T13:00:00Z', NOW)!)).toBe('2026-11-24 (in 1 day)');
    expect(describeExpiry(expiryOf('2026-01-01T00:00:00Z', NOW)!)).toBe('2026-01-01 (expired)');
    expect(expiryOf('not a date', NOW)).toBeUndefined();
  });

  it('whoami gets the expiry as a line, and a warning under 14 days', () => {
    const far = credentialFacts(wb, expiringIn(14), NOW)!;
    expect(far.lines.at(-1)).toEqual(['expires', '2026-12-07 (in 14 days)']);
    expect(far.warnings).toEqual([]);
    const near = credentialFacts(wb, expiringIn(13), NOW)!;
    expect(near.warnings).toEqual(['expires in 13 days (2026-12-06): create a new one and run `mkt login wb`']);
    expect(near.data).toMatchObject({ daysLeft: 13, expiresAt: '2026-12-06T12:00:00.000Z' });
    expect(credentialFacts(ozon, { clientId: '1', apiKey: 'k' }, NOW)).toBeUndefined();
  });

  it('an expired set is refused with exit 4 before anything is sent; one that is not, or says nothing, passes', () => {
    let error: unknown;
    try {
      refuseExpired(wb, expiringIn(-1), NOW);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MktError);
    expect((error as MktError).exitCode).toBe(4);
    expect((error as MktError).message).toBe('wb: the credentials expired on 2026-11-22 12:00 UTC (they say so themselves); nothing was sent');
    expect((error as MktError).hints).toEqual(['create a new one and run `mkt login wb`']);
    expect(() => refuseExpired(wb, expiringIn(0.01), NOW)).not.toThrow();
    expect(() => refuseExpired(ozon, { clientId: '1', apiKey: 'k' }, NOW)).not.toThrow();
  });
});
