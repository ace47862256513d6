import { Option, type Command } from 'commander';
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
    .addOption(formatOption())
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

/** Its choices are declared for the help and completion, and checked in the action, with mkt's own message (a key given as the format is not shown). */
function formatOption(): Option {
  const option = new Option('-f, --format <format>', "how to print them (env: the provider's credential variables, for eval)").default('http');
  option.argChoices = [...HEADER_FORMATS];
  return option;
}
