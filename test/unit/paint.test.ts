import { describe, expect, it } from 'vitest';
import { paintFor, wantsColor } from '../../src/cli/output.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

const paint = await paintFor(tty, { TERM: 'xterm-256color' });

describe('paintFor: plain SGR codes, as chalk wrote them (16 colours)', () => {
  it('wraps in the style and its own close code', () => {
    expect(paint.green('✓')).toBe('\u001b[32m✓\u001b[39m');
    expect(paint.red('✗')).toBe('\u001b[31m✗\u001b[39m');
    expect(paint.yellow('!')).toBe('\u001b[33m!\u001b[39m');
    expect(paint.cyan('"k"')).toBe('\u001b[36m"k"\u001b[39m');
    expect(paint.dim('(env)')).toBe('\u001b[2m(env)\u001b[22m');
    expect(paint.bold('Ozon')).toBe('\u001b[1mOzon\u001b[22m');
    expect(paint.green('')).toBe('');
  });

  it('reopens a style closed inside it, and around each line break', () => {
    expect(paint.dim(`a ${paint.bold('b')} c`)).toBe('\u001b[2ma \u001b[1mb\u001b[22m\u001b[2m c\u001b[22m');
    expect(paint.green(`x ${paint.cyan('y')} z`)).toBe('\u001b[32mx \u001b[36my\u001b[39m\u001b[32m z\u001b[39m');
    expect(paint.yellow('one\ntwo\r\nthree')).toBe('\u001b[33mone\u001b[39m\n\u001b[33mtwo\u001b[39m\r\n\u001b[33mthree\u001b[39m');
  });

  it('is plain text where colour is not shown', async () => {
    for (const [stream, env] of [[pipe, {}], [tty, { NO_COLOR: '1' }], [tty, { TERM: 'dumb' }], [pipe, { FORCE_COLOR: '0' }]] as const) {
      const plain = await paintFor(stream, env);
      expect(plain.green('✓') + plain.dim('(x)')).toBe('✓(x)');
    }
  });
});

describe('wantsColor', () => {
  it.each([
    [tty, {}, true],
    [pipe, {}, false],
    [pipe, { FORCE_COLOR: '1' }, true],
    [pipe, { FORCE_COLOR: '0' }, false],
    [tty, { NO_COLOR: '1' }, false],
    [pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [tty, { TERM: 'dumb' }, false],
    [tty, { TERM: 'dumb', FORCE_COLOR: '1' }, true],
  ])('%j with %j: %s', (stream, env, expected) => {
    expect(wantsColor(stream, env)).toBe(expected);
  });
});
