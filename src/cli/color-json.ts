import type { Paint } from './output.js';

/** Colours pretty-printed JSON text: keys cyan, strings green, numbers/literals yellow. */
export function colorJson(text: string, paint: Paint): string {
  return text.replace(/("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (match, str: string | undefined, colon: string | undefined, literal: string | undefined) => {
    if (str !== undefined) return colon ? `${paint.cyan(str)}${colon}` : paint.green(str);
    if (literal !== undefined) return paint.yellow(literal);
    return paint.yellow(match);
  });
}
