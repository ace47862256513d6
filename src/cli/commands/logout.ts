import type { Command } from 'commander';
import type { Context, ProfileEntry } from '../../core/types.js';
import { UsageError, type MktError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { logout, logoutAll, type LogoutAllResult } from '../../core/logout.js';
import { ExitCode } from '../../core/exit-codes.js';
import { redactHandled } from '../../core/redact.js';
import { commonOptions } from '../common.js';
import { envCredentials, envSetWords } from '../../core/credentials.js';
import { errorLine } from '../output.js';
import { PERSISTENT_STORES } from '../../store/registry.js';
import type { RunState } from '../program.js';
import { examplesHelp, providerArgument } from '../help-text.js';

export function registerLogout(program: Command, ctx: Context, state: RunState): void {
  program
    .command('logout')
    .description('remove stored credentials (the secret and its index entry)')
    .argument('[provider]', providerArgument(ctx.providers))
    .option('--all', 'remove every stored profile of every provider (with --profile or MKT_PROFILE: that profile of every provider)')
    .addHelpText('after', examplesHelp(ctx.providers, 'logout', { last: [['mkt logout --all'], ['mkt logout --all --profile shop2']] }))
    .action(async (name: string | undefined, flags: { all?: boolean }, cmd: Command) => {
      if (flags.all && name) throw new UsageError('use either a provider or --all, not both');
      const { profile, profileNamed } = commonOptions(cmd);
      if (flags.all) {
        // A profile named with --profile or MKT_PROFILE narrows --all to it; with none, every profile goes.
        const named = profileNamed ? profile : undefined;
        const printRemoved = (entry: ProfileEntry) => ctx.io.stdout.write(removedLine(entry));
        state.exitCode = reportAll(ctx, await logoutAll(ctx, PERSISTENT_STORES, named, printRemoved), named);
        return;
      }
      if (!name) throw new UsageError('name a provider to log out of, or pass --all');
      // A profile stored for a user spec that is broken or gone can still be removed: it needs only the id.
      const provider = ctx.providers.find(name) ?? ((await ctx.config.get(name, profile)) ? undefined : getProvider(ctx.providers, name));
      ctx.io.stdout.write(removedLine(await logout(ctx, provider?.id ?? name, profile)));
      // What a command without --profile uses next: not nothing, when the environment has a set.
      if (provider && !profileNamed && envCredentials(provider, ctx.env).values && !Object.hasOwn(await ctx.config.defaults(), provider.id)) {
        const { names, are, them } = envSetWords(provider);
        ctx.io.stderr.write(`mkt: note: ${names} ${are} still set in the environment; commands without --profile use ${them}\n`);
      }
    });
}

const removedLine = (e: ProfileEntry) => `Removed ${e.provider} (profile ${e.profile}, ${e.store})\n`;

/**
 * After the profiles that went (printed as they went): the secrets no entry named, then one error line
 * per cause for the profiles that could not go (a store that cannot be opened fails each of its
 * profiles alike: said once, naming them); the exit code of the first.
 */
function reportAll(ctx: Context, { removed, failed, orphans, unsearched }: LogoutAllResult, profile: string | undefined): number {
  if (!removed.length && !failed.length && !orphans.length) ctx.io.stdout.write(profile === undefined ? 'Nothing stored.\n' : `Nothing stored for profile ${profile}.\n`);
  ctx.io.stdout.write(orphans.map((o) => `Removed ${o.account} (${o.store} store; it had no index entry)\n`).join(''));
  for (const { entries, error, cause } of byCause(failed)) {
    const names = entries.map((e) => `${e.provider} (profile ${e.profile}, ${e.store})`);
    const line = names.length === 1 ? `${names[0]}: ${error.message}` : `${names.length} profiles: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}: ${cause}`;
    ctx.io.stderr.write(redactHandled(errorLine(`could not remove ${line}`, error.hints)));
  }
  for (const { store, error } of unsearched) {
    ctx.io.stderr.write(redactHandled(errorLine(`could not search the ${store} store for secrets without an index entry: ${error.message}`, error.hints)));
  }
  return (failed[0] ?? unsearched[0])?.error.exitCode ?? ExitCode.ok;
}

/**
 * Failures of the same cause, together, in the order they first came: the same message but for the
 * profile's account (`cannot delete ozon:shop2 from the keychain: …` → `cannot delete each from …`).
 */
function byCause(failed: LogoutAllResult['failed']): Array<{ entries: ProfileEntry[]; error: MktError; cause: string }> {
  const groups = new Map<string, { entries: ProfileEntry[]; error: MktError; cause: string }>();
  for (const { entry, error } of failed) {
    const cause = error.message.split(`${entry.provider}:${entry.profile}`).join('each');
    const key = JSON.stringify([error.exitCode, entry.store, cause, error.hints]);
    const group = groups.get(key) ?? groups.set(key, { entries: [], error, cause }).get(key)!;
    group.entries.push(entry);
  }
  return [...groups.values()];
}
