import type { Credentials, Field, Provider } from './types.js';
import { CONTROL_CHARACTERS, quote } from './quote.js';
import { UsageError } from './errors.js';

const PROFILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function hasControlCharacter(value: string): boolean {
  return value.search(CONTROL_CHARACTERS) >= 0;
}

/** Trims a field's value and checks it; the message names the field, never the value of a secret. */
export function cleanField(provider: Provider, field: Field, raw: string): string {
  const value = raw.trim();
  const name = `${provider.id} ${field.label}`;
  if (value === '') throw new UsageError(`${name} is empty`);
  if (hasControlCharacter(value)) {
    throw new UsageError(`${name} contains a control character (CR, LF, NUL, tab...); refusing it, as it would corrupt the request headers`);
  }
  if (field.pattern && !field.pattern.test(value)) {
    const expected = `expected ${field.patternHint ?? field.pattern.source}`;
    if (!field.secret && value.length <= MAX_SHOWN) throw new UsageError(`${name} ${quote(value)} is not valid: ${expected}`);
    const secret = provider.fields.find((f) => f.secret && f !== field);
    const swapped = secret ? `; not shown, in case it is the ${secret.label} (are the two swapped?)` : '';
    throw new UsageError(`${name} is not valid: ${expected}; got ${value.length} characters${field.secret ? '' : swapped}`);
  }
  return value;
}

/**
 * A non-secret value that fails its check is echoed (a typo is easier to see) only when it is this
 * short: ids are; a long one is more likely a key pasted into the wrong field or variable, and half of
 * a key in a CI log is a leak that the CI's secret masking (exact values only) does not catch.
 */
const MAX_SHOWN = 24;

/** A complete, cleaned credential set with only the provider's own fields. */
export function cleanCredentials(provider: Provider, raw: Credentials, origin: string): Credentials {
  const clean: Credentials = {};
  for (const field of provider.fields) {
    const value = raw[field.key];
    if (value === undefined) throw new UsageError(`${provider.id} ${field.label} is missing from ${origin}`);
    clean[field.key] = cleanField(provider, field, value);
  }
  return clean;
}

export function checkProfileName(profile: string): string {
  if (!PROFILE.test(profile)) {
    throw new UsageError(`invalid profile name ${quote(profile, 64)}: use letters, digits, '.', '_' or '-' (at most 64)`);
  }
  return profile;
}
