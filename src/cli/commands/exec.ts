import type { Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context } from '../../core/types.js';
import type { RunState } from '../program.js';
import { UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { resolveCredentials } from '../../core/credentials.js';
import { noteSource } from '../source-note.js';
import { credentialEnv } from '../../core/headers.js';
import { resolveBaseUrl, shownBaseUrl } from '../../core/base-url.js';
import { commonOptions } from '../common.js';
import { examplesHelp, providerArgument } from '../help-text.js';

export function registerExec(program: Command, ctx: Context, state: RunState): void {
  program
    .command('exec')
    .description("run a program with the provider's credential env vars set from the store; passes its exit code through")
    .argument('<provider>', providerArgument(ctx.providers))
    .argument('<command...>', 'the program and its arguments (after --)')
    .addHelpText('after', examplesHelp(ctx.providers, 'exec'))
    .action(async (name: string, command: string[], _flags: unknown, cmd: Command) => {
      const provider = getProvider(ctx.providers, name);
      const { choice, baseUrl } = commonOptions(cmd);
      const resolved = await resolveCredentials(ctx, provider, choice);
      const entry = resolved.source === 'env' ? undefined : await ctx.config.get(provider.id, choice.profile);
      const base = resolveBaseUrl(provider, ctx.env, baseUrl, entry?.baseUrl);
      // A provider split over several hosts has no one base URL to hand on, unless one was set.
      const defaultHosts = provider.hosts !== undefined && base.href === new URL(provider.baseUrl).href;
      const env = { ...ctx.env, ...Object.fromEntries(credentialEnv(provider, resolved.values)), ...(defaultHosts ? {} : { [provider.baseUrlEnv]: shownBaseUrl(base) }) };
      const [file, ...args] = command;
      if (!file) throw new UsageError('name the program to run after --');
      noteSource(ctx, provider, resolved);
      state.exitCode = await runChild(file, args, env);
    });
}

/** Exit code of the child; 128+n when it died of signal n, as a shell reports it. */
async function runChild(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here: node:child_process costs ~2 ms, and only this command needs it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'inherit' });
    // While the child runs, Ctrl-C is the child's to handle: mkt waits and reports its exit code.
    const saved = process.listeners('SIGINT');
    process.removeAllListeners('SIGINT');
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', () => {}).on('SIGTERM', forward);
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(new UsageError(`cannot run ${quote(file)}: ${err.code === 'ENOENT' ? 'command not found' : err.code ?? err.message}`));
    });
    child.on('exit', (code, signal) => {
      process.removeAllListeners('SIGINT').off('SIGTERM', forward);
      for (const l of saved) process.on('SIGINT', l as () => void);
      const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (signal ? (signals[signal] ?? 1) : 1));
    });
  });
}
