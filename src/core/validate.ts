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
    const shown = field.secret ? '' : ` ${quote(value, 40)}`;
    throw new UsageError(`${name}${shown} is not valid: expected ${field.patternHint ?? field.pattern.source}`);
  }
  return value;
}

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
