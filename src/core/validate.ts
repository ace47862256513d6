import type { Credentials, Field, Provider } from './types.js';
import { CONTROL_CHARACTERS, quote } from './quote.js';
import { UsageError } from './errors.js';
import { redactHandled } from './redact.js';
import { describeHidden, looksLikeSecret } from './secret-like.js';

/**
 * A profile name: letters (any script) and digits, then also '.', '_' or '-', at most 64 characters.
 * It goes into keychain account names, the config index, hints (`--profile shop2`) and every status
 * line, so it is a plain word with no blanks, quotes or shell characters.
 */
const PROFILE = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

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
  const problem = field.check?.(value);
  if (problem) throw new UsageError(`${name} ${problem}`);
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

/**
 * A profile name is printed in errors, `status` and `whoami --json`: one that reads as a key (a key
 * given to -p or put in MKT_PROFILE by mistake) or holds a secret of the environment is refused, and
 * described, not quoted. Normalised to NFC, so the same name typed on two systems is one profile.
 */
export function checkProfileName(raw: string): string {
  const profile = raw.normalize('NFC');
  const why = redactHandled(profile) !== profile ? 'holds the value of a credential variable' : looksLikeSecret(profile) ? 'looks like a key' : undefined;
  if (why) throw new UsageError(`profile name ${describeHidden(profile)} ${why}, not a name: use a word such as shop2 or my-shop_1`);
  if (!PROFILE.test(profile)) {
    throw new UsageError(`invalid profile name ${quote(profile, 64)}: use letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64)`);
  }
  return profile;
}
