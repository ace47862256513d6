import { CatalogError, type Catalog, type Deprecation, type Field, type HttpMethod, type Operation, type Paging, type PagingStyle, type RateLimit } from './types.js';

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

/**
 * An operation read from the index. The fields, deprecation, paging, scopes and limit are unpacked
 * when first asked for: a list or a search never looks at them, and unpacking all of them up front
 * took longer than reading and parsing the whole index. `toJSON` gives the plain Operation.
 */
class IndexedOperation implements Operation {
  readonly method: HttpMethod;
  readonly path: string;
  readonly title: string;
  readonly reads: boolean;
  readonly operationId?: string;
  #fields = new Map<string, Field[]>();

  constructor(private readonly packed: CompactOperation, private readonly scopeNames: readonly string[]) {
    this.method = packed.m;
    this.path = packed.p;
    this.title = packed.t;
    this.reads = packed.r === 1;
    if (packed.id) this.operationId = packed.id;
  }

  #unpacked(key: 'pp' | 'q' | 'b'): Field[] {
    let fields = this.#fields.get(key);
    if (!fields) this.#fields.set(key, (fields = unpackFields(this.packed[key])));
    return fields;
  }

  get pathParams(): Field[] { return this.#unpacked('pp'); }
  get query(): Field[] { return this.#unpacked('q'); }
  get body(): Field[] | undefined { return this.packed.b ? this.#unpacked('b') : undefined; }
  get bodyType(): string | undefined { return this.packed.bt; }

  get deprecated(): Deprecation | undefined {
    if (!this.packed.d) return undefined;
    const [replacement, shutdown] = this.packed.d;
    const [method, path] = replacement.split(' ');
    return { ...(method && path ? { replacement: { method: method as HttpMethod, path } } : {}), ...(shutdown ? { shutdown } : {}) };
  }

  get paging(): Paging | undefined {
    const pg = this.packed.pg;
    return pg && (pg[1] ? { style: pg[0], items: pg[1] } : { style: pg[0] });
  }

  get scopes(): string[] | undefined { return this.packed.sc?.map((i) => this.scopeNames[i] ?? ''); }

  get limit(): RateLimit | undefined {
    if (!this.packed.l) return undefined;
    const [amount, period, counts, mediumAmount, mediumPeriod, parallel] = this.packed.l;
    return { amount, period, counts, ...(mediumAmount ? { medium: { amount: mediumAmount, period: mediumPeriod } } : {}), ...(parallel ? { parallel } : {}) };
  }

  toJSON(): Operation {
    const { method, path, title, reads, operationId, pathParams, query, body, bodyType, deprecated, paging, scopes, limit } = this;
    const optional = { operationId, body, bodyType, deprecated, paging, scopes, limit };
    return { method, path, title, reads, pathParams, query, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
  }
}

export function unpack(index: unknown, where: string): Catalog {
  const c = index as CompactCatalog;
  if (typeof c !== 'object' || c === null || c.format !== FORMAT || !Array.isArray(c.ops)) {
    throw new CatalogError(`%s is not an mkt catalog index of format ${FORMAT}: rebuild it with npm run catalog`, where);
  }
  return { provider: c.provider, source: c.source, ...(c.notice ? { notice: c.notice } : {}), operations: c.ops.map((op) => new IndexedOperation(op, c.scopes ?? [])) };
}
