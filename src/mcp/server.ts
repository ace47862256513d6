import type { Context } from '../core/types.js';
import { MktError, UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import { redactHandled } from '../core/redact.js';
import { VERSION } from '../core/version.js';
import { sessionCatalogs } from '../catalog/load.js';
import { CatalogError } from '../catalog/types.js';
import { checkArgs } from './args.js';
import type { Caps } from './answer.js';
import { callTool, type ToolResult } from './call-tool.js';
import { describeTool, searchTool } from './catalog-tools.js';
import { Cursors } from './cursors.js';
import type { ServedSet } from './served.js';
import { toolSpecs, type ToolSetup, type ToolSpec } from './tools.js';
import { whoamiTool, type OpenBudgets } from './whoami-tool.js';

export interface ServeOptions {
  sets: readonly ServedSet[];
  allowWrites: boolean;
  caps: Caps;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** A line for whoever runs the server (stderr): the protocol owns stdout. */
  log(line: string): void;
  /** Where whoami remembers the providers' check budgets (the CLI's file); none: each call knows only its own answers. */
  budgets?: OpenBudgets;
}

interface ToolAnswer {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

/**
 * Serves the tools over stdio until the client goes away (its end of stdin closes), then lets the
 * calls in flight finish: a write already sent is answered and logged, never cut off halfway.
 */
export async function serve(ctx: Context, opts: ServeOptions): Promise<void> {
  // The SDK loads only for this command (scripts/build.mjs keeps it external).
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { CallToolRequestSchema, ListToolsRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const catalogs = sessionCatalogs();
  const setup: ToolSetup = { sets: opts.sets, catalogued: cataloguedProviders(opts.sets, catalogs), allowWrites: opts.allowWrites, caps: opts.caps };
  const specs = toolSpecs(setup);
  const cursors = new Cursors();
  const deps = { ctx, setup, catalogs, cursors, log: opts.log };

  const run = async (spec: ToolSpec, raw: unknown): Promise<ToolResult> => {
    const args = checkArgs(spec.name, spec.inputSchema, raw);
    switch (spec.name) {
      case 'search': return { value: searchTool(setup, catalogs, args) };
      case 'describe': return { value: describeTool(setup, catalogs, args) };
      case 'call': return callTool(deps, args);
      case 'whoami': return whoamiTool(ctx, opts.sets, args, opts.budgets);
    }
  };

  const server = new Server({ name: 'mkt', version: VERSION }, { capabilities: { tools: {} }, instructions: instructions(setup) });
  server.onerror = (err) => opts.log(`protocol error: ${redactHandled(err.message.split('\n')[0] ?? '')}`);
  const inFlight = new Set<Promise<ToolAnswer>>();
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: specs }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const spec = specs.find((s) => s.name === request.params.name);
    const answer = answerOf(spec ? run(spec, request.params.arguments) : Promise.reject(unknownTool(request.params.name, specs)), request.params.name, opts.log);
    inFlight.add(answer);
    void answer.finally(() => inFlight.delete(answer));
    return answer;
  });

  const closed = new Promise<void>((resolve) => {
    opts.stdin.once('end', resolve);
    opts.stdin.once('close', resolve);
    opts.stdout.once('error', () => resolve());
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport(opts.stdin as never, opts.stdout as never));
  opts.log(`serving ${opts.sets.map((s) => `${s.provider.id}:${s.profile}`).join(', ')} on stdio; writes ${opts.allowWrites ? 'allowed (each sent once)' : 'refused (no --allow-writes)'}`);
  await closed;
  await Promise.allSettled([...inFlight]);
  await server.close().catch(() => {});
}

function cataloguedProviders(sets: readonly ServedSet[], catalogs: ReturnType<typeof sessionCatalogs>): ToolSetup['catalogued'] {
  const providers = [...new Map(sets.map((s) => [s.provider.id, s.provider])).values()];
  return providers.flatMap((provider) => {
    try {
      return [{ provider, catalog: catalogs.catalog(provider.id) }];
    } catch (err) {
      if (err instanceof CatalogError) return [];
      throw err;
    }
  });
}

const unknownTool = (name: string, specs: readonly ToolSpec[]): UsageError => new UsageError(`unknown tool ${quote(name)}; the tools are ${specs.map((s) => s.name).join(', ')}`);

/**
 * Every answer, a result or an error, as the one text the model reads, redacted with every secret
 * this process has handled: a tool error is a result with isError, never a crash of the server.
 */
async function answerOf(result: Promise<ToolResult>, tool: string, log: (line: string) => void): Promise<ToolAnswer> {
  const text = (value: unknown, isError: boolean): ToolAnswer => ({ content: [{ type: 'text', text: redactHandled(JSON.stringify(value)) }], ...(isError ? { isError: true } : {}) });
  try {
    const { value, isError = false } = await result;
    return text(value, isError);
  } catch (err) {
    if (err instanceof MktError) return text({ error: err.message, ...(err.hints.length ? { hints: err.hints } : {}) }, true);
    if (err instanceof CatalogError) return text({ error: err.message }, true);
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    log(`internal error in the ${tool} tool: ${redactHandled(message ?? '')}`);
    return text({ error: `internal error in mkt (${message}); the server goes on, and its stderr has the line to report` }, true);
  }
}

function instructions(setup: ToolSetup): string {
  const ids = setup.catalogued.map((c) => c.provider.id).join(', ') || 'none';
  return [
    `mkt: marketplace seller APIs with the seller's stored credentials (mkt adds them; never ask for or pass keys). Providers with a catalog: ${ids}.`,
    'Work in three steps: search (find the operation), describe (its fields and body skeleton), call (send it; follow "cursor" for more).',
    setup.allowWrites ? 'Writes are allowed, each sent once: confirm with the user before changing anything.' : 'Only reads are sent: writes are refused by this server.',
  ].join(' ');
}
