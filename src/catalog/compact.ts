import { CatalogError, type Catalog, type Field, type HttpMethod, type Operation, type PagingStyle } from './types.js';

/**
 * The shipped index format (src/catalog/index/<provider>.json): a Catalog with short keys, fields as
 * arrays, and Yandex's scope names listed once. About half the size of the plain JSON, and parsed
 * with one JSON.parse. Bump FORMAT when the shape changes: an index of another format is refused.
 */
export const FORMAT = 1;

/** `[name, type, required (1/0), enum values or 0, nested fields]`, trailing parts left off. */
type CompactField = [string, string, 0 | 1, (Array<string | number | boolean> | 0)?, CompactField[]?];

interface CompactOperation {
  m: HttpMethod;
  p: string;
  t: string;
  id?: string;
  r?: 1;
  /** Deprecated: `[replacement "METHOD /path" or "", shutdown day or ""]`. */
  d?: [string, string];
  pp?: CompactField[];
  q?: CompactField[];
  b?: CompactField[];
  bt?: string;
  /** Paging: `[style, items path]`. */
  pg?: [PagingStyle, string?];
  /** Indexes into the index's `scopes`. */
  sc?: number[];
  /** Rate limit: `[amount, period, counts, medium amount or 0, medium period or "", parallel or 0]`. */
  l?: [number, string, string, number, string, number];
}

export interface CompactCatalog {
  format: number;
  provider: string;
  source: Catalog['source'];
  notice?: string;
  scopes?: string[];
  ops: CompactOperation[];
}

const packFields = (fields: Field[]): CompactField[] => fields.map((f) => {
  const out: CompactField = [f.name, f.type, f.required ? 1 : 0];
  if (f.enum || f.fields) out.push(f.enum ?? 0);
  if (f.fields) out.push(packFields(f.fields));
  return out;
});

const unpackFields = (fields: CompactField[] = []): Field[] => fields.map(([name, type, required, values, nested]) => {
  const out: Field = { name, type, required: required === 1 };
  if (values) out.enum = values;
  if (nested) out.fields = unpackFields(nested);
  return out;
});

export function pack(catalog: Catalog): CompactCatalog {
  const scopes = [...new Set(catalog.operations.flatMap((op) => op.scopes ?? []))];
  const ops = catalog.operations.map((op): CompactOperation => {
    const out: CompactOperation = { m: op.method, p: op.path, t: op.title };
    if (op.operationId) out.id = op.operationId;
    if (op.reads) out.r = 1;
    if (op.deprecated) out.d = [op.deprecated.replacement ? `${op.deprecated.replacement.method} ${op.deprecated.replacement.path}` : '', op.deprecated.shutdown ?? ''];
    if (op.pathParams.length) out.pp = packFields(op.pathParams);
    if (op.query.length) out.q = packFields(op.query);
    if (op.body) out.b = packFields(op.body);
    if (op.bodyType) out.bt = op.bodyType;
    if (op.paging) out.pg = op.paging.items ? [op.paging.style, op.paging.items] : [op.paging.style];
    if (op.scopes) out.sc = op.scopes.map((s) => scopes.indexOf(s));
    const l = op.limit;
    if (l) out.l = [l.amount, l.period, l.counts, l.medium?.amount ?? 0, l.medium?.period ?? '', l.parallel ?? 0];
    return out;
  });
  return { format: FORMAT, provider: catalog.provider, source: catalog.source, ...(catalog.notice ? { notice: catalog.notice } : {}), ...(scopes.length ? { scopes } : {}), ops };
}

function unpackOperation(op: CompactOperation, scopes: string[]): Operation {
  const out: Operation = { method: op.m, path: op.p, title: op.t, reads: op.r === 1, pathParams: unpackFields(op.pp), query: unpackFields(op.q) };
  if (op.id) out.operationId = op.id;
  if (op.d) {
    const [replacement, shutdown] = op.d;
    const [method, path] = replacement.split(' ');
    out.deprecated = { ...(method && path ? { replacement: { method: method as HttpMethod, path } } : {}), ...(shutdown ? { shutdown } : {}) };
  }
  if (op.b) out.body = unpackFields(op.b);
  if (op.bt) out.bodyType = op.bt;
  if (op.pg) out.paging = op.pg[1] ? { style: op.pg[0], items: op.pg[1] } : { style: op.pg[0] };
  if (op.sc) out.scopes = op.sc.map((i) => scopes[i] ?? '');
  if (op.l) {
    const [amount, period, counts, mediumAmount, mediumPeriod, parallel] = op.l;
    out.limit = { amount, period, counts, ...(mediumAmount ? { medium: { amount: mediumAmount, period: mediumPeriod } } : {}), ...(parallel ? { parallel } : {}) };
  }
  return out;
}

export function unpack(index: unknown, where: string): Catalog {
  const c = index as CompactCatalog;
  if (typeof c !== 'object' || c === null || c.format !== FORMAT || !Array.isArray(c.ops)) {
    throw new CatalogError(`%s is not an mkt catalog index of format ${FORMAT}: rebuild it with npm run catalog`, where);
  }
  return { provider: c.provider, source: c.source, ...(c.notice ? { notice: c.notice } : {}), operations: c.ops.map((op) => unpackOperation(op, c.scopes ?? [])) };
}
