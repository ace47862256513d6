import type { Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context } from '../../core/types.js';
import { getProvider } from '../../core/registry.js';
import { resolveCredentials } from '../../core/credentials.js';
import { noteSource } from '../source-note.js';
import { formatHeaders, HEADER_FORMATS } from '../../core/headers.js';
import { UsageError } from '../../core/errors.js';
import { commonOptions } from '../common.js';
import { examplesHelp, providerArgument } from '../help-text.js';
import { baseUrlOf } from '../../core/base-url.js';
import { tokenSession } from '../../core/token-session.js';

export function registerHeaders(program: Command, ctx: Context): void {
  program
    .command('headers')
    .description('print the auth headers for another tool (this prints secrets: you asked for them)')
    .argument('<provider>', providerArgument(ctx.providers))
    .option('-f, --format <format>', `${HEADER_FORMATS.join(' | ')} (env: the provider's credential variables, for eval)`, 'http')
    .addHelpText('after', examplesHelp(ctx.providers, 'headers'))
    .action(async (name: string, flags: { format: string }, cmd: Command) => {
      if (!(HEADER_FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`unknown format ${quote(flags.format)} (use ${HEADER_FORMATS.join(', ')})`);
      }
      const provider = getProvider(ctx.providers, name);
      const { choice, baseUrl } = commonOptions(cmd);
      const resolved = await resolveCredentials(ctx, provider, choice);
      // The variables need no token; the headers carry one valid for at least a minute more.
      const session = flags.format === 'env' ? undefined : tokenSession(ctx, provider, resolved, await baseUrlOf(ctx, provider, resolved, baseUrl));
      const token = await session?.token();
      noteSource(ctx, provider, resolved);
      ctx.io.stdout.write(`${formatHeaders(provider, resolved.values, flags.format, token)}\n`);
    });
}
