import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';
import { quote } from '../../core/quote.js';
import { commonOptions } from '../common.js';
import { providerArgument } from '../help-text.js';
import { docsPage } from '../docs-page.js';
import { realStream } from '../stdio.js';
import { collect, numberOption } from './call.js';

/** The caps' defaults (src/mcp/answer.ts DEFAULT_CAPS): here too, so --help shows them without loading the server. */
const DEFAULT_ITEMS = 50;
const DEFAULT_BYTES = 40_000;

interface McpFlags {
  provider?: string[];
  allowWrites?: boolean;
  maxItems: number;
  maxBytes: number;
  printConfig?: string;
}

export function registerMcp(program: Command, ctx: Context): void {
  program
    .command('mcp')
    .description('serve the providers to an AI assistant (MCP over stdio): search, describe and call operations, whoami; the keys never leave mkt')
    .option('--provider <id[:profile]>', `serve only this provider (${providerArgument(ctx.providers)}), or one profile of it; repeatable (default: every configured set)`, collect)
    .option('--allow-writes', 'also send operations the catalog does not know to only read, each once and never retried (default: reads only)')
    .option('--max-items <n>', 'items per answer, at most', numberOption('--max-items', { min: 1, max: 10_000, integer: true }), DEFAULT_ITEMS)
    .option('--max-bytes <n>', 'bytes per answer, at most', numberOption('--max-bytes', { min: 1000, max: 10_000_000, integer: true }), DEFAULT_BYTES)
    .option('--print-config <client>', 'print the configuration to paste into claude, cursor or vscode (no key in it), and exit')
    .addHelpText('after', `\nSetup for the assistants, and what a model can and cannot do: ${docsPage('mcp.md')}`)
    .action(async (flags: McpFlags, cmd: Command) => {
      const { choice, baseUrl, profileNamed, profile } = commonOptions(cmd);
      if (baseUrl !== undefined) throw new UsageError("--base-url is not used by mkt mcp: it serves several providers, each at its own base URL (its variable, or the one saved with the profile)");
      // The server's code, the catalog and the SDK load only for this command.
      const { parseServeFilter, readServedSets, servedSets } = await import('../../mcp/served.js');
      const filters = (flags.provider ?? []).map((raw) => parseServeFilter(ctx, raw));
      if (flags.printConfig !== undefined) {
        const args = [
          ...(flags.provider ?? []).flatMap((p) => ['--provider', p]),
          ...(profileNamed ? ['--profile', profile] : []),
          ...(flags.allowWrites ? ['--allow-writes'] : []),
          ...(flags.maxItems !== DEFAULT_ITEMS ? ['--max-items', String(flags.maxItems)] : []),
          ...(flags.maxBytes !== DEFAULT_BYTES ? ['--max-bytes', String(flags.maxBytes)] : []),
        ];
        return printConfig(ctx, flags.printConfig, args);
      }
      const sets = await servedSets(ctx, choice, filters);
      const log = (line: string) => void ctx.io.stderr.write(`mkt mcp: ${line}\n`);
      await readServedSets(ctx, sets, log);
      if (ctx.io.stdin.isTTY) log('stdin is a terminal: an assistant starts this server itself (see mkt mcp --print-config); Ctrl-C stops it');
      const { serve } = await import('../../mcp/server.js');
      const { openBudgetFile } = await import('../budget-file.js');
      await serve(ctx, {
        sets, allowWrites: flags.allowWrites === true, caps: { items: flags.maxItems, bytes: flags.maxBytes }, stdin: ctx.io.stdin, stdout: realStream(ctx.io.stdout), log,
        budgets: () => openBudgetFile(ctx.env, ctx.clock.now()),
      });
    });
}

async function printConfig(ctx: Context, client: string, args: string[]): Promise<void> {
  const { CLIENTS, clientConfig } = await import('../../mcp/print-config.js');
  if (!(client in CLIENTS)) throw new UsageError(`--print-config takes ${Object.keys(CLIENTS).join(', ')}, not ${quote(client)}`);
  const { json, notes } = clientConfig({
    client: client as keyof typeof CLIENTS,
    // This Node and this mkt, by absolute path.
    command: process.execPath,
    script: process.argv[1] ?? 'mkt',
    args,
    env: ctx.env,
    registry: ctx.providers,
  });
  ctx.io.stdout.write(json);
  for (const note of notes) ctx.io.stderr.write(`mkt: ${note}\n`);
}
