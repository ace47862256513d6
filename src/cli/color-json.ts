import type { Paint } from './output.js';

const LITERALS = /\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Colours pretty-printed JSON text: keys cyan, strings green, numbers/literals yellow. Strings are
 * found with a loop, not a regular expression: V8's backtracking over `"(?:\\.|[^"\\])*"` overflows
 * its stack on a string of ~10 M characters (measured), an answer a server may well send.
 */
export function colorJson(text: string, paint: Paint): string {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('"', i);
    const plainEnd = open < 0 ? text.length : open;
    parts.push(text.slice(i, plainEnd).replace(LITERALS, (m) => paint.yellow(m)));
    if (open < 0) break;
    const close = stringEnd(text, open);
    const str = text.slice(open, close);
    let after = close;
    while (after < text.length && /\s/.test(text[after]!)) after++;
    if (text[after] === ':') {
      parts.push(paint.cyan(str), text.slice(close, after + 1));
      i = after + 1;
    } else {
      parts.push(paint.green(str));
      i = close;
    }
  }
  return parts.join('');
}

/** The index just past the closing quote of the string that opens at `open` (or the end of the text). */
function stringEnd(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return text.length;
}
