/**
 * What the endpoint catalog says about one request of `mkt call`: its method when none is given,
 * whether it only reads (so a 5xx may be retried), how it pages, and what a 404 of it may mean.
 */
import type { Operation } from '../catalog/types.js';
import type { ExpectedPaging, Method, Provider } from './types.js';
import type { ProviderCatalog } from './catalog.js';
import { METHODS } from '../providers/types.js';
import { UsageError } from './errors.js';
import { quote } from './quote.js';

export interface OperationChoice {
  method: Method;
  /** The catalog's operation, when it knows the request. */
  operation?: Operation;
  /** Only reads: a 5xx or a network failure may be sent again. */
  readOnly: boolean;
  paging?: ExpectedPaging;
  /** Said with a 404 or 405 of a request the catalog does not know. */
  notFoundHints?: () => string[];
}

/**
 * `raw`: the method the user gave, if any. `path`: the request's path relative to the base URL.
 * Without a method, the catalog's one for the path; a path with several (Yandex has GET and POST on
 * one) needs it named; a path the catalog does not know gets the provider's default.
 */
export function chooseOperation(provider: Provider, catalog: ProviderCatalog | undefined, raw: string | undefined, path: string, hasBody: boolean): OperationChoice {
  const ops = catalog?.operationsAt(path) ?? [];
  const method = raw === undefined ? inferMethod(provider, ops, path, hasBody) : namedMethod(raw);
  const operation = ops.find((op) => op.method === method);
  return {
    method,
    operation,
    readOnly: requestReads(provider, catalog, operation, method, path),
    paging: operation?.paging,
    notFoundHints: catalog && !operation ? () => unknownHints(provider, catalog, ops, method, path) : undefined,
  };
}

/**
 * The one rule for retries, and it fails safe: the catalog's word where it knows the operation; with
 * a catalog, an operation it does not know is a write (newer than the spec, or a typo): the provider's
 * own guess is not asked, as it was what replayed writes before the catalog. A provider without a
 * catalog: its rule, else GET and HEAD only.
 */
export function requestReads(provider: Provider, catalog: ProviderCatalog | undefined, operation: Operation | undefined, method: Method, path: string): boolean {
  if (operation) return operation.reads;
  if (catalog) return false;
  return provider.readOnly ? provider.readOnly(method, path) : method === 'GET' || method === 'HEAD';
}

function namedMethod(raw: string): Method {
  const method = raw.toUpperCase() as Method;
  if (!METHODS.includes(method)) throw new UsageError(`unknown HTTP method ${quote(raw)} (use ${METHODS.join(', ')})`);
  return method;
}

function inferMethod(provider: Provider, ops: Operation[], path: string, hasBody: boolean): Method {
  if (ops.length > 1) {
    const methods = ops.map((op) => op.method);
    throw new UsageError(`${provider.id} ${quote(ops[0]!.path)} has ${methods.join(', ')}: name the method, e.g. mkt call ${provider.id} ${methods[0]} ${path}`);
  }
  const known = ops[0]?.method ?? provider.defaultMethod?.(path);
  if (known === undefined) return hasBody ? 'POST' : 'GET';
  if (hasBody && known === 'GET') {
    throw new UsageError(`${provider.id} ${quote(path)} is a GET and takes no body: give its parameters as name==value, or name the method to send a body anyway`);
  }
  return known;
}

function unknownHints(provider: Provider, catalog: ProviderCatalog, ops: Operation[], method: Method, path: string): string[] {
  const spec = catalog.catalog.source.file;
  if (ops.length) return [`the ${provider.id} catalog (${spec}) has ${ops.map((op) => op.method).join(', ')} ${ops[0]!.path}, not ${method}`];
  const near = catalog.nearestPaths(path, 3);
  if (near.length) return [`did you mean ${near.join(', ')}? (${path} is not in the ${provider.id} catalog, ${spec})`];
  return [`${path} is not in the ${provider.id} catalog (${spec}): search it with mkt api ${provider.id} <words>`];
}
