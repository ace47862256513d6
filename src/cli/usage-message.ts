import { quote, holdsSecretLike } from '../core/quote.js';
import { redactHandled } from '../core/redact.js';
import { describeHidden, isSecretOptionName } from '../core/secret-like.js';
import { editDistance } from '../core/suggest.js';

/**
 * Commander's messages that quote what was typed, as commander words them: an unknown option or
 * command, or an option's value that failed its check. The typed text runs to the last quote before
 * the optional tail (commander's own words and its "Did you mean" line, which holds only known names).
 */
const ECHOES_INPUT = /^(unknown option |unknown command |option '[^'\n]*' argument )'([\s\S]*)'((?: is invalid\.[^'\n]*)?(?:\n\(Did you mean [^'\n]*\?\))?)$/;

/**
 * A commander error message made safe to print: the secrets this process knows are redacted, and
 * the typed text is quoted as mkt quotes input, or described when it may hold a key. `knownFlags`
 * (the command's long options): commander compares `--name=value` whole with them, so a misspelt
 * option with a long value got no "Did you mean"; it is found here by the name alone.
 */
export function safeUsageMessage(message: string, knownFlags: string[] = []): string {
  const text = redactHandled(message);
  const m = ECHOES_INPUT.exec(text);
  if (!m) return text;
  const name = m[1] === 'unknown option ' && !m[3] ? /^(--[^=\s]+)=/.exec(m[2]!)?.[1] : undefined;
  const guess = name && closestFlag(name, knownFlags);
  return `${m[1]}${describeInput(m[2]!)}${m[3]}${guess ? `\n(Did you mean ${guess}?)` : ''}`;
}

/** A known flag at most 2 edits from `name` (commander's own limit is below 3), if exactly one is. */
function closestFlag(name: string, knownFlags: string[]): string | undefined {
  const near = knownFlags.filter((flag) => flag !== name && editDistance(name, flag) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

/** `--api-key=…` keeps the option's name for the person to see which one; never the value. */
function describeInput(input: string): string {
  const option = /^(--?[^=\s]+)=([\s\S]*)$/.exec(input);
  if (option && !holdsSecretLike(option[1]!) && (isSecretOptionName(option[1]!) || holdsSecretLike(option[2]!))) {
    return `'${option[1]}=…' (value not shown)`;
  }
  return holdsSecretLike(input) ? describeHidden(input) : quote(input);
}
