/**
 * The endpoint catalog as the request pipeline sees it: one provider's operations, from the index mkt
 * ships or from the spec file its `MKT_SPEC_<ID>` variable names (docs/catalog.md).
 */
import type { Catalogs } from '../catalog/load.js';
import { CatalogError, type Catalog, type Operation } from '../catalog/types.js';
import type { Context, Provider } from './types.js';
import { UsageError } from './errors.js';
import { quote } from './quote.js';
import { specEnvName, specValue } from './env-vars.js';

export interface ProviderCatalog {
  catalog: Catalog;
  /** Every operation on the template `path` fits best (one per method); [] when it knows none. */
  operationsAt(path: string): Operation[];
  /** Up to `n` known paths closest to `path`, for a "did you mean". */
  nearestPaths(path: string, n: number): string[];
}

/** The specs each process has read already: whoami may check several sets of one provider. */
const loadedSpecs = new WeakMap<Catalogs, Set<string>>();

/**
 * The provider's catalog for this run, or undefined when there is none (Ozzie, a user's provider):
 * then its own rules apply. A spec named by `MKT_SPEC_<ID>` replaces the shipped index; a file that
 * cannot be used is bad input (exit 2) naming the variable.
 */
export async function catalogOf(ctx: Context, provider: Provider): Promise<ProviderCatalog | undefined> {
  const catalogs = await ctx.catalogs();
  const file = specValue(ctx.env, provider);
  try {
    if (file) loadSpecOnce(catalogs, file, provider.id);
    const catalog = catalogs.find(provider.id);
    if (!catalog) return undefined;
    return {
      catalog,
      operationsAt: (path) => catalogs.operationsAt(provider.id, path),
      nearestPaths: (path, n) => catalogs.nearestPaths(provider.id, path, n),
    };
  } catch (err) {
    if (err instanceof CatalogError) throw catalogUsageError(err, file ? specEnvName(provider) : undefined);
    throw err;
  }
}

function loadSpecOnce(catalogs: Catalogs, file: string, providerId: string): void {
  const seen = loadedSpecs.get(catalogs) ?? new Set<string>();
  loadedSpecs.set(catalogs, seen);
  const key = `${providerId}\0${file}`;
  if (seen.has(key)) return;
  catalogs.useSpec(file, providerId);
  seen.add(key);
}

/** A catalog's problem is the user's input (a spec file, a provider without a catalog): exit 2, the file quoted, `origin` (a variable) first. */
export function catalogUsageError(err: CatalogError, origin?: string): UsageError {
  const text = err.subject === undefined ? err.template : err.template.replace('%s', quote(err.subject));
  return new UsageError(origin ? `${origin}: ${text}` : text);
}
