import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';
import { quote } from '../../core/quote.js';
import { getProvider } from '../../core/registry.js';
import { examplesHelp } from '../help-text.js';
import type { Catalogs } from '../../catalog/load.js';
import { CatalogError, type HttpMethod, type Operation } from '../../catalog/types.js';
import { METHODS } from '../../core/call.js';
import { skeleton } from '../../catalog/example.js';
import { paintFor } from '../output.js';
import { catalogOf, catalogUsageError } from '../../core/catalog.js';
import { describeText, operationLines, sourceLine, summary } from '../api-output.js';

interface ApiFlags {
  json?: boolean;
  example?: boolean;
  spec?: string;
}

export function registerApi(program: Command, ctx: Context): void {
  program
    .command('api')
    .description("the providers' endpoints, from their official specs: list, search (Russian or English), describe one")
    .argument('[provider]', 'a provider with a catalog (optional with --spec)')
    .argument('[query...]', 'words to search titles and paths for, or [METHOD] <path> to describe one operation')
    .option('--json', 'machine-readable')
    .option('--example', 'with a path: print a JSON body with the required fields, filled by type')
    .option('--spec <file>', 'use this OpenAPI spec (JSON; e.g. newer than the one mkt ships) for this run')
    .addHelpText('after', examplesHelp(ctx.providers, 'api'))
    .action(async (name: string | undefined, query: string[], flags: ApiFlags) => {
      try {
        await run(ctx, await ctx.catalogs(), name, query, flags);
      } catch (err) {
        throw err instanceof CatalogError ? catalogUsageError(err) : err;
      }
    });
}

async function run(ctx: Context, catalogs: Catalogs, name: string | undefined, query: string[], flags: ApiFlags): Promise<void> {
  const { providerId, words } = resolveProvider(ctx, catalogs, name, query, flags.spec);
  // Its MKT_SPEC_<ID> spec, unless --spec named one.
  if (flags.spec === undefined) await catalogOf(ctx, getProvider(ctx.providers, providerId));
  const catalog = catalogs.catalog(providerId);
  const target = describedTarget(words);
  if (flags.example && !target) throw new UsageError('--example describes one operation: mkt api <provider> [METHOD] <path> --example');
  const paint = await paintFor(ctx.io.stdout, ctx.env);
  if (target) {
    const ops = operationsFor(catalogs, providerId, target);
    if (flags.example) return printExample(ctx, ops);
    ctx.io.stdout.write(flags.json ? json(ops) : ops.map((op) => describeText(op, paint, providerId)).join('\n'));
    return;
  }
  const { searchOperations } = await import('../../catalog/search.js');
  const ops = words.length ? searchOperations(catalog.operations, words) : catalog.operations;
  if (!ops.length) throw new UsageError(`no ${providerId} operation matches ${quote(words.join(' '))}`, [`mkt api ${providerId} lists all ${catalog.operations.length}`]);
  ctx.io.stdout.write(flags.json ? json(ops.map(summary)) : `${sourceLine(catalog, ops.length, paint)}${operationLines(ops, paint)}`);
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The provider named, or the one a --spec file describes; with --spec the provider may be left out. */
function resolveProvider(ctx: Context, catalogs: Catalogs, name: string | undefined, query: string[], spec: string | undefined): { providerId: string; words: string[] } {
  if (spec === undefined) {
    if (name === undefined) throw new UsageError('name a provider: mkt api <provider> [words | [METHOD] <path>]');
    return { providerId: getProvider(ctx.providers, name).id, words: query };
  }
  const named = name === undefined ? undefined : ctx.providers.find(name);
  const words = named || name === undefined ? query : [name, ...query];
  return { providerId: catalogs.useSpec(spec, named?.id).provider, words };
}

interface Target {
  method?: HttpMethod;
  path: string;
}

/** `[METHOD] /path` describes; anything else is search words. */
function describedTarget(words: string[]): Target | undefined {
  const [first, second, ...rest] = words;
  const method = first?.toUpperCase();
  if (method && (METHODS as readonly string[]).includes(method) && second?.startsWith('/')) {
    if (rest.length) throw new UsageError(`describe one operation at a time: ${quote(rest.join(' '))} is left over`);
    return { method: method as HttpMethod, path: second };
  }
  if (!first?.startsWith('/')) return undefined;
  if (second !== undefined) throw new UsageError(`describe one operation at a time: ${quote([second, ...rest].join(' '))} is left over`);
  return { path: first };
}

function operationsFor(catalogs: Catalogs, providerId: string, target: Target): Operation[] {
  const ops = catalogs.operationsAt(providerId, target.path);
  if (!ops.length) {
    const near = catalogs.nearestPaths(providerId, target.path, 3);
    throw new UsageError(`${quote(target.path)} is not in the ${providerId} catalog`, near.length ? [`did you mean ${near.join(', ')}?`] : [`search it: mkt api ${providerId} <words>`]);
  }
  if (!target.method) return ops;
  const op = ops.find((o) => o.method === target.method);
  if (!op) throw new UsageError(`${target.method} ${quote(target.path)} is not in the ${providerId} catalog; that path has ${ops.map((o) => o.method).join(', ')}`);
  return [op];
}

function printExample(ctx: Context, ops: Operation[]): void {
  const op = ops[0]!;
  if (ops.length > 1) throw new UsageError(`${op.path} has ${ops.map((o) => o.method).join(' and ')}: name the method (mkt api <provider> ${op.method} ${op.path} --example)`);
  if (op.body === undefined) throw new UsageError(`${op.method} ${op.path} takes no request body${op.query.length ? `; its query parameters: ${op.query.map((q) => q.name).join(', ')}` : ''}`);
  ctx.io.stdout.write(json(skeleton(op.body)));
}
