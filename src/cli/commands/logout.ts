import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { logout, logoutAll } from '../../core/logout.js';
import { commonOptions } from '../common.js';

export function registerLogout(program: Command, ctx: Context): void {
  program
    .command('logout')
    .description('remove stored credentials (the secret and its index entry)')
    .argument('[provider]', 'ozon, yandex or ozzie')
    .option('--all', 'remove every stored profile of every provider')
    .addHelpText('after', '\nExamples:\n  mkt logout ozon\n  mkt logout yandex --profile shop2\n  mkt logout --all')
    .action(async (name: string | undefined, flags: { all?: boolean }, cmd: Command) => {
      if (flags.all && name) throw new UsageError('use either a provider or --all, not both');
      if (flags.all) {
        const removed = await logoutAll(ctx);
        ctx.io.stdout.write(removed.length ? removed.map((e) => `Removed ${e.provider} (profile ${e.profile}, ${e.store})\n`).join('') : 'Nothing stored.\n');
        return;
      }
      if (!name) throw new UsageError('name a provider to log out of, or pass --all');
      const provider = getProvider(name);
      const entry = await logout(ctx, provider.id, commonOptions(cmd).profile);
      ctx.io.stdout.write(`Removed ${entry.provider} (profile ${entry.profile}, ${entry.store})\n`);
    });
}
