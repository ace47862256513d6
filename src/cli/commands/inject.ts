import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../../core/types.js';
import { MktError, UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { fileProblem, MAX_BODY_FILE_BYTES, tooLarge } from '../../core/body-file.js';
import { findReferences, lineOf, resolveReferences, substitute } from '../../core/references.js';
import { quote } from '../../core/quote.js';
import { readBodyFile } from '../body-files.js';
import { readStdin } from '../common.js';
import { gitStateOf, type GitState } from '../git-file.js';

interface InjectFlags {
  input: string;
  output: string;
  force?: boolean;
}

export function registerInject(program: Command, ctx: Context): void {
  program
    .command('inject')
    .description('write a file from a template, each mkt://<provider>/<profile>/<field> in it replaced by that stored value; the file is created mode 0600')
    .requiredOption('-i, --input <template>', 'the template (- for stdin); it is only read')
    .requiredOption('-o, --output <file>', 'the file to write; refused when git tracks it')
    .option('--force', 'write even a file git tracks')
    .addHelpText('after', () => {
      const p = ctx.providers.all[0];
      const f = p?.fields.find((x) => x.secret);
      return p && f ? `\nExamples:\n  mkt inject -i config.template.yaml -o config.yaml     a line such as  api_key: mkt://${p.id}/shop2/${f.key}\n  mkt inject -i .env.mkt -o .env` : '';
    })
    .action(async (flags: InjectFlags) => {
      const name = flags.input === '-' ? 'stdin' : flags.input;
      const template = await readTemplate(ctx, flags.input);
      const git = await checkOutput(flags);
      const refs = findReferences(template, lineOf(name, template));
      const { values, providers } = await resolveReferences(ctx, refs, lineOf(name, template));
      await write(flags.output, substitute(template, refs, values));
      const what = refs.length ? `${refs.length} reference${refs.length === 1 ? '' : 's'} filled in (${providers.join(', ')})` : `no mkt:// references in ${name}, copied as it is`;
      ctx.io.stdout.write(`Wrote ${flags.output}: ${what}; mode 0600\n`);
      if (git === 'untracked') ctx.io.stderr.write(`mkt: note: git does not ignore ${flags.output}: add it to .gitignore, so its secrets are never committed\n`);
    });
}

async function readTemplate(ctx: Context, input: string): Promise<string> {
  if (input === '-') return readStdin(ctx.io.stdin, { bytes: MAX_BODY_FILE_BYTES, tooLarge: () => new UsageError(`-i -: ${tooLarge('a template', false).reason}`) });
  try {
    return readBodyFile(input, '-i', () => tooLarge('a template', false));
  } catch (err) {
    throw new UsageError(`-i ${input}: cannot read the template${fileProblem(err)}`);
  }
}

/**
 * Before any secret is read: the output is not the template (its secrets would land in the file
 * meant to be committed), not a directory, and not a file git tracks (the next commit would take
 * them), unless --force. What git makes of it: one it neither tracks nor ignores gets a note once written.
 */
async function checkOutput({ input, output, force }: InjectFlags): Promise<GitState> {
  const out = statOf(output);
  if (out?.isDirectory()) throw new UsageError(`-o ${output} is a directory`);
  const template = input === '-' ? undefined : statOf(input);
  if (out && template && out.dev === template.dev && out.ino === template.ino) {
    throw new UsageError(`-o ${output} is the template itself: its values would replace the references in a file meant to be committed`);
  }
  const state = await gitStateOf(resolve(output));
  if (state === 'tracked' && !force) {
    throw new UsageError(`-o ${output} is tracked by git: the secrets would go into the next commit`, ['write to a file git ignores (add it to .gitignore), or pass --force']);
  }
  return state;
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a temp file renamed over it), mode 0600 whatever the umask. */
async function write(output: string, text: string): Promise<void> {
  const { replaceFile } = await import('../../store/atomic.js');
  try {
    await replaceFile(output, text, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO') throw new MktError(`cannot write ${quote(output)}: ${code}; nothing was written`, ExitCode.output);
    throw new UsageError(`-o ${output}: cannot write the file (${code ?? 'error'})`);
  }
}
