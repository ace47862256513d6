import type { Field } from './types.js';

export type Json = Record<string, unknown>;

/** Nesting kept in the index: deeper fields are rare, and a skeleton that deep is no longer a help. */
const MAX_DEPTH = 8;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One step of a JSON pointer (`~1` is `/`, `~0` is `~`); the Yandex bundle also percent-encodes braces. */
function pointerStep(raw: string): string {
  const unescaped = raw.replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    return decodeURIComponent(unescaped);
  } catch {
    return unescaped;
  }
}

/**
 * Follows internal `$ref`s (`#/components/...`, `#/paths/...`) until a value that is not one. The
 * Yandex bundle's pointers pass through other `$ref`s on the way (`…/deliveryInterval/properties/…`,
 * where `deliveryInterval` is itself a `$ref`): each step resolves what it stands on first.
 */
export function deref(spec: Json, value: unknown, hops = 0): Json | undefined {
  let current = value;
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (++hops > 50 || !ref.startsWith('#/')) return undefined;
    let at: unknown = spec;
    for (const key of ref.slice(2).split('/').map(pointerStep)) {
      const node = isObject(at) && typeof at.$ref === 'string' ? deref(spec, at, hops) : at;
      at = isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
    }
    current = at;
  }
  return isObject(current) ? current : undefined;
}

/** Types some operations of the Ozon spec give as formats (`"type": "int64"`, a bare `"format": "string"`). */
const TYPE_OF_FORMAT: Record<string, string> = { int32: 'integer', int64: 'integer', float: 'number', double: 'number', string: 'string' };

interface Shape {
  type?: string;
  properties: Record<string, unknown>;
  required: Set<string>;
  items?: unknown;
  enum?: unknown[];
}

/** A schema with its `allOf` merged in; `oneOf`/`anyOf` alternatives add their fields, never as required. */
function shapeOf(spec: Json, schema: Json, seen: Set<Json>): Shape {
  const shape: Shape = { properties: {}, required: new Set() };
  const merge = (s: Json | undefined, asAlternative: boolean): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    if (typeof s.type === 'string') shape.type ??= TYPE_OF_FORMAT[s.type] ?? s.type;
    else if (typeof s.format === 'string') shape.type ??= TYPE_OF_FORMAT[s.format];
    if (isObject(s.properties)) Object.assign(shape.properties, s.properties);
    if (!asAlternative && Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') shape.required.add(r);
    if (s.items !== undefined) shape.items ??= s.items;
    if (Array.isArray(s.enum)) shape.enum ??= s.enum;
    for (const part of Array.isArray(s.allOf) ? s.allOf : []) merge(deref(spec, part), asAlternative);
    for (const key of ['oneOf', 'anyOf'] as const) for (const part of Array.isArray(s[key]) ? s[key] : []) merge(deref(spec, part), true);
    seen.delete(s);
  };
  merge(schema, false);
  shape.type ??= Object.keys(shape.properties).length ? 'object' : shape.items !== undefined ? 'array' : shape.enum ? 'string' : undefined;
  return shape;
}

const enumValues = (values: unknown[] | undefined) =>
  values?.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));

/** The fields of an object schema, nested; `stack` guards against schemas that contain themselves. */
export function fieldsOf(spec: Json, schema: unknown, stack: Json[] = []): Field[] {
  const resolved = deref(spec, schema);
  if (!resolved || stack.includes(resolved) || stack.length >= MAX_DEPTH) return [];
  const shape = shapeOf(spec, resolved, new Set());
  return Object.entries(shape.properties).map(([name, sub]) => field(spec, name, sub, shape.required.has(name), [...stack, resolved]));
}

/** One field: its type (`x[]` for arrays, nested), enum values and, for objects, its own fields. */
export function field(spec: Json, name: string, schema: unknown, required: boolean, stack: Json[]): Field {
  let resolved = deref(spec, schema) ?? {};
  let shape = shapeOf(spec, resolved, new Set());
  let suffix = '';
  for (let depth = 0; shape.type === 'array' && depth < 4; depth++) {
    suffix += '[]';
    resolved = deref(spec, shape.items) ?? {};
    shape = shapeOf(spec, resolved, new Set());
  }
  const out: Field = { name, type: `${shape.type ?? 'any'}${suffix}`, required };
  const values = enumValues(shape.enum);
  if (values?.length) out.enum = values;
  if (shape.type === 'object') {
    const fields = fieldsOf(spec, resolved, stack);
    if (fields.length) out.fields = fields;
  }
  return out;
}

/** The JSON schema of a request body or response, and the content type it was given under. */
export function contentSchema(spec: Json, holder: unknown): { schema?: unknown; type?: string } {
  const content = deref(spec, holder)?.content;
  if (!isObject(content)) return {};
  const type = Object.keys(content).find((t) => /json/i.test(t)) ?? Object.keys(content)[0];
  return type === undefined ? {} : { schema: deref(spec, content[type])?.schema, type };
}
