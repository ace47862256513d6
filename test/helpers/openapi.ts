/**
 * Checks a JSON answer against an OpenAPI 3 spec in ../shared/specs, so the sandbox can be held to
 * the providers' own description of each operation. Only what the specs use: internal `$ref`s,
 * `allOf`/`oneOf`/`anyOf`, `type`, `nullable`, `enum`, `required`, `properties`, `items`,
 * `additionalProperties`. Strict by default: a property the schema does not declare is a problem
 * (the sandbox must not invent fields).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Schema = Record<string, unknown>;
export interface Spec {
  paths: Record<string, Record<string, Schema>>;
  [key: string]: unknown;
}

const SPECS_DIR = fileURLToPath(new URL('../../../shared/specs/', import.meta.url));
const cache = new Map<string, Spec>();

export function loadSpec(file: 'yandex-market-partner-api.json' | 'ozon-seller-api.json'): Spec {
  let spec = cache.get(file);
  if (!spec) {
    spec = JSON.parse(readFileSync(SPECS_DIR + file, 'utf8')) as Spec;
    cache.set(file, spec);
  }
  return spec;
}

/** The operation of `method` whose path template matches a concrete path (`/v2/campaigns/21000001`). */
export function operation(spec: Spec, method: string, concretePath: string): { template: string; op: Schema } | undefined {
  const m = method.toLowerCase();
  const exact = spec.paths[concretePath]?.[m];
  if (exact) return { template: concretePath, op: exact };
  for (const [template, ops] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (ops[m] && pattern.test(concretePath)) return { template, op: ops[m] };
  }
  return undefined;
}

/** The JSON schema of the answer with `status` (or the spec's `default` answer). */
export function responseSchema(spec: Spec, method: string, path: string, status: number): Schema | undefined {
  const found = operation(spec, method, path);
  if (!found) return undefined;
  const responses = resolve(spec, found.op.responses as Schema) as Record<string, Schema>;
  const response = resolve(spec, responses[String(status)] ?? responses.default);
  const content = response?.content as Record<string, Schema> | undefined;
  const schema = content?.['application/json']?.schema as Schema | undefined;
  return schema ? resolve(spec, schema) : undefined;
}

/** The request body schema of an operation. */
export function requestSchema(spec: Spec, method: string, path: string): Schema | undefined {
  const found = operation(spec, method, path);
  const body = found && resolve(spec, found.op.requestBody as Schema | undefined);
  const content = body?.content as Record<string, Schema> | undefined;
  const schema = content?.['application/json']?.schema as Schema | undefined;
  return schema ? resolve(spec, schema) : undefined;
}

/** Every way `value` breaks `schema`, as `$.path: what`; empty when it conforms. */
export function schemaProblems(spec: Spec, schema: Schema, value: unknown, where = '$', strict = true): string[] {
  const s = resolve(spec, schema)!;
  if (value === null) return s.nullable === true || s.type === undefined ? [] : [`${where}: null where ${String(s.type)} expected`];
  if (Array.isArray(s.allOf)) {
    const merged = mergeAllOf(spec, s);
    return schemaProblems(spec, merged, value, where, strict);
  }
  const alternatives = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (Array.isArray(alternatives)) {
    const results = alternatives.map((alt) => schemaProblems(spec, alt, value, where, strict));
    return results.some((r) => r.length === 0) ? [] : [`${where}: matches none of ${alternatives.length} alternatives (${results.map((r) => r[0]).join(' | ')})`];
  }
  const problems: string[] = [];
  if (Array.isArray(s.enum) && !s.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  const type = s.type as string | undefined ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  if (type && !hasType(value, type)) return [...problems, `${where}: ${JSON.stringify(value)?.slice(0, 60)} is not ${type}`];
  if (type === 'array' && s.items) {
    (value as unknown[]).forEach((item, i) => problems.push(...schemaProblems(spec, s.items as Schema, item, `${where}[${i}]`, strict)));
  }
  if (type === 'object') problems.push(...objectProblems(spec, s, value as Record<string, unknown>, where, strict));
  return problems;
}

function objectProblems(spec: Spec, s: Schema, value: Record<string, unknown>, where: string, strict: boolean): string[] {
  const problems: string[] = [];
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  for (const key of (s.required ?? []) as string[]) {
    if (!(key in value)) problems.push(`${where}: required property ${key} is missing`);
  }
  const extra = s.additionalProperties;
  for (const [key, v] of Object.entries(value)) {
    if (properties[key]) problems.push(...schemaProblems(spec, properties[key], v, `${where}.${key}`, strict));
    else if (extra && typeof extra === 'object') problems.push(...schemaProblems(spec, extra as Schema, v, `${where}.${key}`, strict));
    else if (strict && extra !== true && s.properties) problems.push(`${where}: property ${key} is not in the spec`);
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

function mergeAllOf(spec: Spec, s: Schema): Schema {
  const parts = [(({ allOf: _allOf, ...rest }) => rest)(s), ...(s.allOf as Schema[]).map((p) => resolve(spec, p)!)];
  const merged: Schema = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    const flat = Array.isArray(part.allOf) ? mergeAllOf(spec, part) : part;
    Object.assign(merged.properties as Schema, flat.properties ?? {});
    (merged.required as string[]).push(...((flat.required ?? []) as string[]));
    if (flat.nullable) merged.nullable = true;
    if (flat.additionalProperties !== undefined) merged.additionalProperties = flat.additionalProperties;
    if (flat.type && flat.type !== 'object') merged.type = flat.type;
    if (flat.enum) merged.enum = flat.enum;
  }
  return merged;
}

/** Follows `$ref`s (JSON pointers into the same file, `~1` = `/`, percent-encoded braces). */
export function resolve(spec: Spec, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let hops = 0; s && typeof s.$ref === 'string'; hops++) {
    if (hops > 50) throw new Error(`$ref loop at ${s.$ref}`);
    const pointer = (s.$ref as string).replace(/^#\//, '').split('/').map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = spec;
    for (const part of pointer) node = (node as Record<string, unknown> | undefined)?.[part];
    if (!node) throw new Error(`unresolved $ref ${s.$ref}`);
    s = node as Schema;
  }
  return s;
}
