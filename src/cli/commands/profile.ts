import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { getProvider } from '../../core/registry.js';
import { UsageError } from '../../core/errors.js';
import { quote } from '../../core/quote.js';
import { envSetWords } from '../../core/credentials.js';
import { listProfiles, useProfile, type ProfileChange } from '../../core/profiles.js';
import { checkProfileName } from '../../core/validate.js';
import { commonOptions } from '../common.js';
import { examplesHelp, providerArgument } from '../help-text.js';

export function registerProfile(program: Command, ctx: Context): void {
  const profile = program
    .command('profile')
    .description('the profile each provider uses when no --profile is given')
    .addHelpText('after', () => {
      const id = ctx.providers.all[0]?.id ?? '<provider>';
      return examplesHelp(ctx.providers, 'profile', { first: [
        ['mkt profile use shop2', 'every provider that has a stored shop2 uses it'],
        [`mkt profile use ${id} shop2`, `${id} only`],
        ['mkt profile use default', "back to default (the environment's set wins over it again)"],
        ['mkt profile list'],
      ] });
    })
    // `mkt profile` alone is the overview, as `mkt` alone is; a word that is no subcommand, one line.
    .argument('[subcommand]', 'use or list')
    .action((name: string | undefined) => {
      if (name !== undefined) throw new UsageError(`unknown command ${quote(`profile ${name}`)} (use: mkt profile use, mkt profile list)`);
      profile.outputHelp();
    });
  profile
    .command('use')
    .description('choose the profile a provider uses when no --profile is given (a chosen profile never uses the environment\'s set)')
    // `[provider] <name>`: commander wants the required argument first, so the two are sorted out below.
    .usage('[options] [provider] <name>')
    .argument('<provider-or-name>', `a stored profile, or default; or the provider (${providerArgument(ctx.providers)}) when a name follows`)
    .argument('[name]', 'the profile, when a provider comes first')
    .action(async (first: string, second: string | undefined, _flags: unknown, cmd: Command) => {
      const [providerName, name] = second === undefined ? [undefined, first] : [first, second];
      const provider = providerName === undefined ? undefined : getProvider(ctx.providers, providerName);
      const changes = await useProfile(ctx, checkProfileName(name), provider);
      ctx.io.stdout.write(changes.map(changeLine).join('') || 'No provider had a chosen profile.\n');
      for (const c of changes) noteEnvironment(ctx, c);
      noteNamed(ctx, cmd);
    });
  profile
    .command('list')
    .description('stored profiles; * marks the one each provider uses when no --profile is given')
    .option('--json', 'machine-readable list')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const rows = await listProfiles(ctx);
      if (flags.json) {
        ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        ctx.io.stdout.write('No profiles stored. Run `mkt login <provider>`.\n');
        return;
      }
      const width = Math.max(...rows.map((r) => r.provider.length));
      const name = (r: (typeof rows)[number]) => r.profile ?? `(environment: ${envSetWords(getProvider(ctx.providers, r.provider)).names})`;
      ctx.io.stdout.write(rows.map((r) => `${r.active ? '*' : ' '} ${r.provider.padEnd(width)}  ${name(r)}${r.chosen ? '  (chosen by mkt profile use)' : ''}\n`).join(''));
      noteNamed(ctx, cmd);
    });
}

function changeLine(c: ProfileChange): string {
  return c.profile === 'default' ? `${c.provider}: back to profile default\n` : `${c.provider}: commands use profile ${c.profile} when no --profile is given\n`;
}

/** What the choice does to the environment's set for the provider, said once, when it is made. */
function noteEnvironment(ctx: Context, c: ProfileChange): void {
  if (!c.envSet) return;
  const { names, are, them } = envSetWords(getProvider(ctx.providers, c.provider));
  ctx.io.stderr.write(c.profile === 'default'
    ? `mkt: note: ${names} ${are} set: commands without --profile use ${them} again, over the stored default\n`
    : `mkt: note: ${names} ${are} set, but not used while a profile is chosen; \`mkt profile use ${c.provider} default\` to use ${them}\n`);
}

/** --profile or MKT_PROFILE wins over a chosen profile, for every provider. */
function noteNamed(ctx: Context, cmd: Command): void {
  const { choice } = commonOptions(cmd);
  if (choice.named) ctx.io.stderr.write(`mkt: note: --profile or MKT_PROFILE names profile ${choice.profile}: commands given it use that profile, whatever is chosen here\n`);
}
