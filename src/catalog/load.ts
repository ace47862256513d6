import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CatalogError, type Catalog, type HttpMethod, type Operation } from './types.js';
import { unpack } from './compact.js';
import { generateCatalog, providerOfSpec } from './generate.js';
import { fit, nearest, pathSegments, templateSegments } from './paths.js';
import { CATALOG_SOURCES } from './sources.js';

/**
 * Where the shipped index is: next to the bundle in dist/catalog/ (scripts/build.mjs copies it there),
 * or src/catalog/index/ when this runs from source (the tests). Read only when a command asks.
 */
const SHIPPED_DIR = __filename.endsWith('.cjs') ? join(__dirname, 'catalog') : join(__dirname, 'index');

/** Official specs are a few MB (Ozon's newest ~5); past this, a file is not one. */
const MAX_SPEC_BYTES = 64 * 1024 * 1024;

export interface Catalogs {
  /** The provider's catalog: a spec loaded for the session, else the shipped index. */
  catalog(providerId: string): Catalog;
  /** The same, or undefined when mkt ships none for the provider and none was loaded (Ozzie): its requests go by the provider's own rules. */
  find(providerId: string): Catalog | undefined;
  /**
   * The operation a request is for. Without a method: the path's only operation, or undefined when
   * it has several (Yandex has GET and POST on one path; operationsAt lists them).
   */
  operationFor(providerId: string, method: HttpMethod | undefined, path: string): Operation | undefined;
  /** Every operation on the template `path` fits best (one per method). */
  operationsAt(providerId: string, path: string): Operation[];
  /** Up to `n` known paths closest to `path`, for a "did you mean"; [] when none is close. */
  nearestPaths(providerId: string, path: string, n: number): string[];
  /** Reads a (newer) OpenAPI spec file and uses it instead of the shipped index for its provider. */
  useSpec(file: string, providerId?: string): Catalog;
}

export function openCatalogs({ dir = SHIPPED_DIR }: { dir?: string } = {}): Catalogs {
  const loaded = new Map<string, Catalog>();

  function find(providerId: string): Catalog | undefined {
    let found = loaded.get(providerId);
    if (!found) {
      found = readShipped(dir, providerId);
      if (found) loaded.set(providerId, found);
    }
    return found;
  }

  function catalog(providerId: string): Catalog {
    const found = find(providerId);
    if (!found) throw new CatalogError(`no endpoint catalog for ${providerId}: mkt has one for ${shippedProviders(dir).join(', ')} (or load a spec with --spec <file>)`);
    return found;
  }

  /** Each catalog's templates as segments, split once. */
  const templates = new WeakMap<Catalog, string[][]>();

  function operationsAt(providerId: string, path: string): Operation[] {
    const found = catalog(providerId);
    let split = templates.get(found);
    if (!split) templates.set(found, (split = found.operations.map((op) => templateSegments(op.path))));
    const got = pathSegments(path);
    let best: Operation[] = [];
    let bestFit = -1;
    for (const [i, op] of found.operations.entries()) {
      const score = fit(split[i]!, got);
      if (score === undefined || score < bestFit) continue;
      if (score > bestFit) best = [];
      bestFit = score;
      best.push(op);
    }
    return best;
  }

  return {
    catalog,
    find,
    operationsAt,
    operationFor(providerId, method, path) {
      const ops = operationsAt(providerId, path);
      return method === undefined ? (ops.length === 1 ? ops[0] : undefined) : ops.find((op) => op.method === method);
    },
    nearestPaths: (providerId, path, n) => nearest(catalog(providerId).operations.map((op) => op.path), path, n),
    useSpec(file, providerId) {
      const spec = readSpec(file);
      const named = providerOfSpec(spec);
      if (providerId && named && named !== providerId) throw new CatalogError(`the spec %s describes ${named}, not ${providerId}`, file);
      const parsed = generateCatalog(spec, { file: basename(file), provider: providerId ?? named });
      loaded.set(parsed.provider, parsed);
      return parsed;
    },
  };
}

let session: Catalogs | undefined;

/** The catalogs of this process: `mkt api --spec` puts a newer spec here, for everything the command looks up. */
export const sessionCatalogs = (): Catalogs => (session ??= openCatalogs());

/** The shipped index of a provider; undefined when there is none. */
function readShipped(dir: string, providerId: string): Catalog | undefined {
  // Only the providers of the catalog's registry have an index: no file is looked for another's (nor `../x`).
  if (!CATALOG_SOURCES.some((s) => s.id === providerId)) return undefined;
  const file = join(dir, `${providerId}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return unpack(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof CatalogError) throw err;
    throw new CatalogError('the shipped catalog %s is damaged: reinstall mkt, or rebuild it with npm run catalog', file);
  }
}

function shippedProviders(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
  } catch {
    return [];
  }
}

const READ_PROBLEMS: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' };

function readSpec(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SPEC_BYTES) throw new CatalogError(`%s is ${Math.round(size / 1024 / 1024)} MB: not an API spec (at most ${MAX_SPEC_BYTES / 1024 / 1024} MB)`, file);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CatalogError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CatalogError(`cannot read the spec %s: ${READ_PROBLEMS[code ?? ''] ?? code ?? 'unknown error'}`, file);
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's first characters, and the file may hold anything.
    throw new CatalogError('the spec %s is not JSON; mkt reads OpenAPI specs as JSON (convert a YAML one first)', file);
  }
}
