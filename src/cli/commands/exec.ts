import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import type { RunState } from '../program.js';
import { UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { execEnvironment } from '../../core/exec.js';
import { envValue } from '../../core/env-vars.js';
import { fileProblem, tooLarge } from '../../core/body-file.js';
import { noteSource } from '../source-note.js';
import { readBodyFile } from '../body-files.js';
import { commonOptions } from '../common.js';
import { examplesHelp, providerArgument } from '../help-text.js';

export function registerExec(program: Command, ctx: Context, state: RunState): void {
  program
    .command('exec')
    .description("run a program (or, with none, a shell) with providers' credential variables set from the store; passes its exit code through")
    .usage('[options] [providers...] [-- <command...>]')
    .argument('[providers...]', `${providerArgument(ctx.providers)}; before --`)
    .option('--env-file <file>', 'also set the variables of a NAME=VALUE file whose values may be mkt://<provider>/<profile>/<field> references')
    .option('--with-token', `also export the current access token, for a provider whose requests carry one (${tokenVariables(ctx)}); valid for at least a minute, renewed by mkt only`)
    .addHelpText('after', () => {
      const [a, b] = ctx.providers.all;
      const secret = a?.fields.find((f) => f.secret);
      const rows: Array<[string, string]> = [];
      if (a && b) rows.push([`mkt exec ${a.id} ${b.id} -- ./sync.sh`, 'several providers at once']);
      if (a) rows.push([`mkt exec ${a.id}`, `a shell ($SHELL) with ${a.id}'s variables and MKT_EXEC=${a.id}; exit to leave`]);
      if (a && secret) rows.push(['mkt exec --env-file .env.mkt -- node app.js', `a template to commit: ${secret.env}=mkt://${a.id}/shop2/${secret.key}`]);
      return examplesHelp(ctx.providers, 'exec', { last: rows });
    })
    .action(async (operands: string[], flags: { envFile?: string; withToken?: boolean }, cmd: Command) => {
      const { names, command } = splitAtDashes(operands, cmd);
      const { choice, baseUrl } = commonOptions(cmd);
      const providers = names.map((name) => providerOrMisplaced(ctx, name));
      const envFile = flags.envFile === undefined ? undefined : { name: flags.envFile, text: readEnvFile(flags.envFile) };
      const plan = await execEnvironment(ctx, { providers, choice, baseUrlFlag: baseUrl, envFile, withToken: flags.withToken });
      for (const { provider, resolved } of plan.sets) noteSource(ctx, provider, resolved);
      for (const line of plan.plain) ctx.io.stderr.write(`mkt: note: ${line} reads as a key, not a mkt:// reference: a template is meant to be committed\n`);
      const [file, ...args] = command.length ? command : [envValue(ctx.env, 'SHELL') || '/bin/sh'];
      if (!command.length && ctx.io.stderr.isTTY) ctx.io.stderr.write(`mkt: a shell with the variables of ${plan.providers.join(', ') || 'the env file'} (MKT_EXEC=${plan.vars.MKT_EXEC}); exit to leave it\n`);
      const { runChild } = await import('../child.js');
      state.exitCode = await runChild(file!, args, { ...ctx.env, ...plan.vars });
    });
}

/** The token variables of the providers that have one, for the help text. */
function tokenVariables(ctx: Context): string {
  return ctx.providers.all.flatMap((p) => (p.token ? [`${p.token.env} for ${p.id}`] : [])).join(', ') || 'none built in';
}

/**
 * Providers before `--`, the program after it. Commander hands over both as one list (it drops the
 * `--`), so the split is found in the arguments as given: what follows the first `--` is the program's.
 */
function splitAtDashes(operands: string[], cmd: Command): { names: string[]; command: string[] } {
  // `rawArgs`: commander's copy of the arguments given to parse(); set in commander 14, not in its types.
  const raw = ((cmd.parent ?? cmd) as unknown as { rawArgs: string[] }).rawArgs;
  const dashes = raw.indexOf('--');
  const after = dashes < 0 ? 0 : raw.length - dashes - 1;
  return { names: operands.slice(0, operands.length - after), command: operands.slice(operands.length - after) };
}

/** `mkt exec <provider> python x.py` (no `--`): a program read as a provider, said so. */
function providerOrMisplaced(ctx: Context, name: string) {
  try {
    return getProvider(ctx.providers, name);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, [...error.hints, 'a program to run goes after --: mkt exec <providers...> -- <command...>']);
    throw error;
  }
}

function readEnvFile(path: string): string {
  try {
    return readBodyFile(path, '--env-file', () => tooLarge('--env-file', false));
  } catch (err) {
    throw new UsageError(`--env-file ${path}: cannot read the file${fileProblem(err)}`);
  }
}
