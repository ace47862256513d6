import { describe, expect, it } from 'vitest';
import { colorJson } from '../../src/cli/color-json.js';
import type { Paint } from '../../src/cli/output.js';

const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
const paint = { green: tag('g'), cyan: tag('c'), yellow: tag('y'), red: tag('r'), dim: tag('d'), bold: tag('b') } as Paint;

/** The regular expression colorJson used before; right, but it overflows on long strings. */
function byRegex(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (match, str: string | undefined, colon: string | undefined, literal: string | undefined) => {
    if (str !== undefined) return colon ? `${paint.cyan(str)}${colon}` : paint.green(str);
    if (literal !== undefined) return paint.yellow(literal);
    return paint.yellow(match);
  });
}

describe('colorJson', () => {
  it.each([
    { a: 1, b: 'two', c: [true, false, null, -1.5e3], 'd"e': { 'f\\': 'g"h\\' } },
    { 'key: with colon': 'value: "quoted" 123 true', n: 0, empty: '', arr: [], obj: {} },
    ['plain', 12, { x: 'y' }, '\\', '"'],
    'just a string',
    42,
  ])('colours as the regular expression did: %j', (value) => {
    const text = JSON.stringify(value, null, 2);
    expect(colorJson(text, paint)).toBe(byRegex(text));
  });

  it('takes a string of 20 M characters, escapes included (the regular expression overflowed at ~8.4 M)', () => {
    const text = JSON.stringify({ big: `${'x'.repeat(10_000_000)}${'\\'.repeat(5_000_000)}` }, null, 2);
    const out = colorJson(text, paint);
    expect(out.startsWith('{\n  <c>"big"</c>: <g>"xxx')).toBe(true);
    expect(out.endsWith('\\\\"</g>\n}')).toBe(true);
  });
});
