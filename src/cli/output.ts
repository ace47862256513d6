/** Plain-text output helpers. Colour is decided once, from the terminal and NO_COLOR. */
import { envValue } from '../core/env-vars.js';

export interface Paint {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  cyan(s: string): string;
}

const plain: Paint = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s, cyan: (s) => s };

export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  const noColor = envValue(env, 'NO_COLOR');
  if (noColor !== undefined && noColor !== '') return false;
  const force = envValue(env, 'FORCE_COLOR');
  if (force && force !== '0') return true;
  return stream.isTTY === true && envValue(env, 'TERM') !== 'dumb';
}

/**
 * One SGR style, as chalk (level 1, 16 colours) writes it: a close code inside `s` reopens the style,
 * and a line break closes it before and reopens it after, so a pager or a cut line keeps its colours.
 * Plain codes, not chalk: importing chalk (an ES module, through require()) loads Node's ESM loader and
 * took ~12 ms of every coloured run, more than whoami's own work (docs/performance.md).
 */
function sgr(open: number, close: number): (s: string) => string {
  const on = `\u001b[${open}m`;
  const off = `\u001b[${close}m`;
  return (s) => (s ? `${on}${s.replaceAll(off, off + on).replace(/\r?\n/g, (nl) => `${off}${nl}${on}`)}${off}` : s);
}

const coloured: Paint = { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22), cyan: sgr(36, 39) };

/** The paint for `stream`: colour codes only when colour will really be shown. */
export async function paintFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Promise<Paint> {
  return wantsColor(stream, env) ? coloured : plain;
}

let errorsInColour: () => boolean = () => false;

/**
 * Error lines are for `stream`: their `mkt:` is red when it shows colour (a terminal, FORCE_COLOR; never
 * with NO_COLOR), as gh's are. Asked at the first error line: on a terminal, asking creates the stream
 * (~3 ms, src/cli/stdio.ts), which a command that prints no error should not pay.
 */
export function colourErrorsOn(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): void {
  let answer: boolean | undefined;
  errorsInColour = () => (answer ??= wantsColor(stream, env));
}

/** `mkt: <message>` and indented hints: the one shape of every error mkt prints. */
export function errorLine(message: string, hints: string[] = [], colour = errorsInColour()): string {
  return `${colour ? '\u001b[31mmkt:\u001b[39m' : 'mkt:'} ${message}\n${hints.map((h) => `  ${h}\n`).join('')}`;
}

/** Label/value lines aligned on the labels. */
export function table(rows: Array<[string, string]>, indent = '    '): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}\n`).join('');
}

/** What a wait before a retry is told as, by every command: `rate limited (HTTP 420); waiting 1.5 s`. */
export function waitLine(ms: number, reason: string): string {
  return `${reason}; waiting ${(ms / 1000).toFixed(1)} s`;
}

/**
 * Whether a spinner may draw on `stream`: a terminal with a width. ora counts the lines it drew by
 * the width; on a terminal that reports 0 columns (a pty some CI runners give) it erased lines
 * forever and never let the command end.
 */
export function canSpin(stream: NodeJS.WritableStream): boolean {
  const tty = stream as NodeJS.WriteStream;
  return tty.isTTY === true && (tty.columns ?? 0) > 0;
}
