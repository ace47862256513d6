import type { Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context } from '../../core/types.js';
import { getProvider } from '../../core/registry.js';
import { resolveCredentials } from '../../core/credentials.js';
import { noteSource } from '../source-note.js';
import { formatHeaders, HEADER_FORMATS } from '../../core/headers.js';
import { UsageError } from '../../core/errors.js';
import { commonOptions } from '../common.js';

export function registerHeaders(program: Command, ctx: Context): void {
  program
    .command('headers')
    .description('print the auth headers for another tool (this prints secrets: you asked for them)')
    .argument('<provider>', 'ozon, yandex or ozzie')
    .option('-f, --format <format>', `${HEADER_FORMATS.join(' | ')} (env: the provider's credential variables, for eval)`, 'http')
    .addHelpText('after', `
Examples:
  mkt headers ozon                         Client-Id: ... / Api-Key: ...
  eval "curl -X POST $(mkt headers ozon --format curl) https://api-seller.ozon.ru/v1/roles -d '{}'"
  eval "$(mkt headers ozzie --format env)"  export OZZIE_CLIENT_ID=... OZZIE_CLIENT_SECRET=...`)
    .action(async (name: string, flags: { format: string }, cmd: Command) => {
      if (!(HEADER_FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`unknown format ${quote(flags.format)} (use ${HEADER_FORMATS.join(', ')})`);
      }
      const provider = getProvider(ctx.providers, name);
      const resolved = await resolveCredentials(ctx, provider, commonOptions(cmd).choice);
      noteSource(ctx, provider, resolved);
      ctx.io.stdout.write(`${formatHeaders(provider, resolved.values, flags.format)}\n`);
    });
}
