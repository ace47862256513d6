import type { Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context } from '../../core/types.js';
import type { RunState } from '../program.js';
import { UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { resolveCredentials } from '../../core/credentials.js';
import { noteSource } from '../source-note.js';
import { credentialEnv } from '../../core/headers.js';
import { baseUrlOf } from '../../core/base-url.js';
import { tokenSession } from '../../core/token-session.js';
import { commonOptions } from '../common.js';
import { examplesHelp, providerArgument } from '../help-text.js';

export function registerExec(program: Command, ctx: Context, state: RunState): void {
  program
    .command('exec')
    .description("run a program with the provider's credential env vars set from the store; passes its exit code through")
    .argument('<provider>', providerArgument(ctx.providers))
    .argument('<command...>', 'the program and its arguments (after --)')
    .option('--with-token', `also export the current access token, for a provider whose requests carry one (${tokenVariables(ctx)}); valid for at least a minute, renewed by mkt only`)
    .addHelpText('after', examplesHelp(ctx.providers, 'exec'))
    .action(async (name: string, command: string[], flags: { withToken?: boolean }, cmd: Command) => {
      const provider = getProvider(ctx.providers, name);
      if (flags.withToken && !provider.token) throw new UsageError(`${provider.id} has no access token: its requests carry the credentials themselves, which exec exports anyway`);
      const { choice, baseUrl } = commonOptions(cmd);
      const resolved = await resolveCredentials(ctx, provider, choice);
      const base = await baseUrlOf(ctx, provider, resolved, baseUrl);
      const [file, ...args] = command;
      if (!file) throw new UsageError('name the program to run after --');
      const token = flags.withToken ? await tokenSession(ctx, provider, resolved, base)?.token() : undefined;
      const env = {
        ...ctx.env, ...Object.fromEntries(credentialEnv(provider, resolved.values)), [provider.baseUrlEnv]: base.href.replace(/\/$/, ''),
        ...(token !== undefined && provider.token ? { [provider.token.env]: token } : {}),
      };
      noteSource(ctx, provider, resolved);
      state.exitCode = await runChild(file, args, env);
    });
}

/** The token variables of the providers that have one, for the help text. */
function tokenVariables(ctx: Context): string {
  return ctx.providers.all.flatMap((p) => (p.token ? [`${p.token.env} for ${p.id}`] : [])).join(', ') || 'none built in';
}

/** Exit code of the child; 128+n when it died of signal n, as a shell reports it. */
async function runChild(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here: node:child_process costs ~2 ms, and only this command needs it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'inherit' });
    // While the child runs, Ctrl-C is the child's to handle: mkt waits and reports its exit code.
    // Swapped with one always in place: with none, Node closes its signal watcher, and a Ctrl-C then would kill mkt.
    const saved = process.listeners('SIGINT');
    const ignore = () => {};
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', ignore).on('SIGTERM', forward);
    for (const l of saved) process.off('SIGINT', l as () => void);
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(new UsageError(`cannot run ${quote(file)}: ${err.code === 'ENOENT' ? 'command not found' : err.code ?? err.message}`));
    });
    child.on('exit', (code, signal) => {
      for (const l of saved) process.on('SIGINT', l as () => void);
      process.off('SIGINT', ignore).off('SIGTERM', forward);
      const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (signal ? (signals[signal] ?? 1) : 1));
    });
  });
}
