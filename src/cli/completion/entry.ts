/**
 * `mkt __complete <shell> …`, the hidden request the completion scripts make on every Tab: built as
 * its own small bundle (dist/complete.cjs) that src/cli/main.ts loads in place of the CLI's, so it
 * costs little more than Node's own start. It reads the command definitions made at build time
 * (dist/commands.json), never builds the program, and touches no keychain and no network.
 *
 *   mkt __complete bash <COMP_WORDS[COMP_CWORD]> <COMP_LINE up to the cursor>
 *   mkt __complete zsh|fish <words before the cursor...> <the word being typed>
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../../core/types.js';
import { ExitCode } from '../../core/exit-codes.js';
import { describeWriteFailure, flushed, lazyStdio, writeFailure } from '../stdio.js';
import { complete } from './complete.js';
import { formatCompletion, SHELLS, type Shell } from './format.js';
import { shellWords } from './shell-words.js';
import { completionSources } from './sources.js';
import type { ProgramSpec } from './spec.js';

/** The file the build writes the command definitions to, next to the bundles. */
export const COMMANDS_FILE = 'commands.json';

/** Returns the exit code; the answer is on stdout. Only a bug (a missing commands.json) throws. */
export async function answer(args: string[], distDir: string, env: Env): Promise<number> {
  const [shell, ...rest] = args;
  if (!(SHELLS as readonly string[]).includes(shell ?? '')) {
    writeSync(2, `mkt: __complete is asked by the scripts of \`mkt completion ${SHELLS.join('|')}\`, with the shell first\n`);
    return ExitCode.usage;
  }
  const { words, typed, bashWord } = shell === 'bash' ? fromBash(rest) : { words: rest.slice(0, -1), typed: rest.at(-1) ?? '', bashWord: undefined };
  const spec = JSON.parse(readFileSync(join(distDir, COMMANDS_FILE), 'utf8')) as ProgramSpec;
  const completion = await complete(spec, words, typed, completionSources(env));
  const stdout = lazyStdio(1, () => process.stdout);
  stdout.write(formatCompletion(shell as Shell, completion, typed, bashWord));
  await flushed(stdout);
  const failure = writeFailure(stdout);
  if (!failure) return ExitCode.ok;
  writeSync(2, `mkt: cannot write the output: ${describeWriteFailure(failure)}\n`);
  return ExitCode.output;
}

/** The line's first word is the command's name (`mkt`, or a path to it). */
function fromBash([bashWord = '', line = '']: string[]): { words: string[]; typed: string; bashWord: string } {
  const words = shellWords(line).slice(1);
  const typed = words.pop() ?? '';
  return { words, typed, bashWord };
}
