import { CatalogError, type Catalog, type Field, type HttpMethod, type Operation, type RateLimit } from './types.js';
import { contentSchema, deref, field, fieldsOf, isObject, type Json } from './spec-schema.js';
import { deprecationOf, type OperationIds } from './deprecation.js';
import { pagingOf } from './paging.js';
import { reads } from './reads.js';
import { CATALOG_SOURCES } from './sources.js';

const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];


export function providerOfSpec(spec: unknown): string | undefined {
  const servers = isObject(spec) && Array.isArray(spec.servers) ? spec.servers : [];
  const urls = servers.map((s) => (isObject(s) && typeof s.url === 'string' ? s.url : ''));
  return CATALOG_SOURCES.find(({ host }) => urls.some((u) => host.test(u)))?.id;
}

export interface GenerateOptions {
  /** The spec file's name, recorded as the source. */
  file: string;
  /** Else read from the spec's `servers`. */
  provider?: string;
  notice?: string;
}

/** Every operation of an OpenAPI 3 spec, reduced to the facts of src/catalog/types.ts. */
export function generateCatalog(spec: unknown, opts: GenerateOptions): Catalog {
  if (!isObject(spec) || !isObject(spec.paths)) throw new CatalogError('%s is not an OpenAPI spec: it has no "paths"', opts.file);
  const provider = opts.provider ?? providerOfSpec(spec);
  if (!provider) throw new CatalogError(`cannot tell which provider %s describes: its "servers" name none of ${CATALOG_SOURCES.map(({ id }) => id).join(', ')}`, opts.file);
  const entries = operationEntries(spec);
  const ids: OperationIds = new Map(entries.flatMap(({ method, path, op }) => (typeof op.operationId === 'string' ? [[op.operationId, { method, path }]] : [])));
  const operations = entries.map((entry) => operation(spec, provider, entry, ids));
  const version = isObject(spec.info) && spec.info.version !== undefined ? String(spec.info.version) : 'unknown';
  return withoutControlCharacters({ provider, source: { file: opts.file, version, operations: operations.length }, ...(opts.notice ? { notice: opts.notice } : {}), operations });
}

/** C0/C1 controls and DEL (as src/core/quote.ts): a spec given with --spec must not steer the terminal `mkt api` prints to. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function withoutControlCharacters(catalog: Catalog): Catalog {
  return JSON.parse(JSON.stringify(catalog), (_, value: unknown) => (typeof value === 'string' ? value.replace(CONTROL, ' ') : value)) as Catalog;
}

interface Entry {
  method: HttpMethod;
  path: string;
  op: Json;
  shared: unknown[];
}

function operationEntries(spec: Json): Entry[] {
  return Object.entries(spec.paths as Json).flatMap(([path, item]) => {
    const ops = deref(spec, item) ?? {};
    const shared = Array.isArray(ops.parameters) ? ops.parameters : [];
    return METHODS.flatMap((method) => {
      const op = ops[method.toLowerCase()];
      return isObject(op) ? [{ method, path, op, shared }] : [];
    });
  });
}

function parameters(spec: Json, entry: Entry, where: 'query' | 'path'): Field[] {
  const own = Array.isArray(entry.op.parameters) ? entry.op.parameters : [];
  const byName = new Map<string, Json>();
  for (const raw of [...entry.shared, ...own]) {
    const p = deref(spec, raw);
    if (p && p.in === where && typeof p.name === 'string') byName.set(p.name, p);
  }
  return [...byName.values()].map((p) => field(spec, p.name as string, p.schema, p.required === true, []));
}

/** The declared path parameters, and any the path names in braces that the spec forgot (Ozon's `{file_guid}`). */
function pathParameters(spec: Json, entry: Entry): Field[] {
  const declared = parameters(spec, entry, 'path');
  const named = [...entry.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((name) => !declared.some((p) => p.name === name));
  return [...declared, ...named.map((name) => ({ name, type: 'string', required: true }))];
}

function operation(spec: Json, provider: string, entry: Entry, ids: OperationIds): Operation {
  const { method, path, op } = entry;
  const title = typeof op.summary === 'string' ? op.summary.trim() : '';
  const query = parameters(spec, entry, 'query');
  const request = op.requestBody === undefined ? undefined : contentSchema(spec, op.requestBody);
  const body = request && fieldsOf(spec, request.schema);
  const scopes = Array.isArray(op['x-auth-scopes']) ? op['x-auth-scopes'].filter((s): s is string => typeof s === 'string') : undefined;
  const out: Operation = { method, path, title, reads: reads(provider, { method, path, title, body, scopes }), pathParams: pathParameters(spec, entry), query };
  if (typeof op.operationId === 'string') out.operationId = op.operationId;
  const deprecated = deprecationOf(op, ids);
  if (deprecated) out.deprecated = deprecated;
  if (body) out.body = body;
  if (request?.type && !/json/i.test(request.type)) out.bodyType = request.type;
  const paging = pagingOf(spec, body, query, contentSchema(spec, successOf(spec, op)).schema);
  if (paging) out.paging = paging;
  if (scopes) out.scopes = scopes;
  const limit = rateLimitOf(op['x-resource-limit-config']);
  if (limit) out.limit = limit;
  return out;
}

function successOf(spec: Json, op: Json): unknown {
  const responses = deref(spec, op.responses) ?? {};
  const code = Object.keys(responses).sort().find((c) => /^2\d\d$/.test(c));
  return code === undefined ? undefined : responses[code];
}

function quota(q: unknown): { amount: number; period: string } | undefined {
  if (!isObject(q) || typeof q.amount !== 'number' || typeof q.period !== 'string') return undefined;
  const n = typeof q['period-duration'] === 'number' ? q['period-duration'] : 1;
  return { amount: q.amount, period: `${n} ${n === 1 ? q.period.replace(/s$/, '') : q.period}` };
}

/** Yandex's `x-resource-limit-config`: the default (`none`) tier, `medium` where it differs. */
function rateLimitOf(config: unknown): RateLimit | undefined {
  if (!isObject(config)) return undefined;
  const base = quota(config.none) ?? quota(config.medium);
  if (!base) return undefined;
  const out: RateLimit = { ...base, counts: typeof config.path === 'string' && config.path !== 'resp' ? config.path : 'requests' };
  const medium = quota(config.medium);
  if (medium && (medium.amount !== base.amount || medium.period !== base.period)) out.medium = medium;
  if (typeof config['parallel-limit-value'] === 'number') out.parallel = config['parallel-limit-value'];
  return out;
}
