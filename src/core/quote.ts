import { redactHandled } from './redact.js';
import { describeHidden, looksLikeSecret } from './secret-like.js';

/**
 * C0 and C1 control characters and DEL: CR/LF/NUL in a header value would inject headers, an ESC in
 * an error line would steer the terminal. The one definition; use with replace() or search().
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * User input inside an error message: single-quoted, cut to `max` characters, control characters
 * shown as escapes — so a pasted CR/LF or terminal escape can never break the one-line error.
 * Secrets this process has handled are masked first: cut afterwards, half a key would not be
 * recognised by the redaction every error line gets. Text with a part that reads as a key
 * (core/secret-like.ts) is described, not quoted: mkt cannot know every key.
 */
export function quote(text: string, max = 80): string {
  const masked = redactHandled(text);
  if (holdsSecretLike(masked)) return describeHidden(text);
  const cut = masked.length > max ? `${masked.slice(0, max)}…` : masked;
  const safe = cut.replace(CONTROL_CHARACTERS, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe}'`;
}

/** A piece of the text between blanks, quotes and `=`, `:`, `,`, `;` reads as a key. */
export function holdsSecretLike(text: string): boolean {
  return text.split(/[\s=:,;'"]+/).some(looksLikeSecret);
}
