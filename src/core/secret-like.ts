/**
 * When a value given to mkt reads as a key rather than a word. Error messages describe such a value
 * instead of quoting it: a key pasted where an option, argument or profile name was expected would
 * otherwise land whole in a terminal scroll-back or a CI log, whose secret masking only knows exact
 * values. Secrets mkt knows (the environment's, the set in use) are redacted whatever they look like;
 * this rule is for the ones it cannot know. The rule is documented in docs/security.md.
 */

/** A shorter value never reads as a key (ids, numbers, names). */
const MIN_KEY_CHARACTERS = 16;
/** A run of letters and digits this long with no separator (and a letter in it) is no word a person types. */
const MAX_WORD_RUN = 32;
/** Switches per letter or digit from which a value reads as random; camelCase words stay below. */
const RANDOM_SWITCH_RATIO = 0.25;

/** Option names that say their value is a secret: --api-key, --token, --client-secret, --password... */
const SECRET_OPTION_NAME = /key|token|secret|passw|passphrase|credential|auth|bearer/i;

const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/**
 * Reads as a key: 16 characters or more, whose letters and digits switch at least once every 4, as
 * random strings do and words do not; or a run of 32 letters and digits, some of them letters, with
 * no separator. A switch: letter to digit or back, lower to upper case, or two capitals in a row in
 * a value that also has lower case (camelCase words have one capital each; ALL_CAPS names have none).
 */
export function looksLikeSecret(value: string): boolean {
  if ([...value].length < MIN_KEY_CHARACTERS) return false;
  const chars = [...value].filter((c) => ALPHANUMERIC.test(c));
  return switches(chars) >= chars.length * RANDOM_SWITCH_RATIO || longestRun(value) >= MAX_WORD_RUN;
}

/** `--api-key`, `token`: an option whose name says its value is a secret. */
export function isSecretOptionName(name: string): boolean {
  return SECRET_OPTION_NAME.test(name);
}

/** What an error says instead of a value that may be a key. */
export function describeHidden(value: string): string {
  return `(${[...value].length} characters, not shown in case it is a key)`;
}

const kind = (c: string): 'digit' | 'lower' | 'upper' | 'other' =>
  /\p{N}/u.test(c) ? 'digit' : /\p{Lu}/u.test(c) ? 'upper' : /\p{L}/u.test(c) ? 'lower' : 'other';

function switches(chars: string[]): number {
  const kinds = chars.map(kind);
  const mixedCase = kinds.includes('lower');
  let count = 0;
  for (let i = 1; i < kinds.length; i++) {
    const [a, b] = [kinds[i - 1]!, kinds[i]!];
    if ((a === 'digit') !== (b === 'digit') || (b === 'upper' && (a === 'lower' || (a === 'upper' && mixedCase)))) count++;
  }
  return count;
}

/** The longest run of letters and digits that has a letter: a long number is an id, not a key. */
function longestRun(value: string): number {
  return Math.max(0, ...(value.match(/[\p{L}\p{N}]+/gu) ?? []).filter((run) => /\p{L}/u.test(run)).map((run) => [...run].length));
}
