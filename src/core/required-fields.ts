/**
 * The one check of a request body against the provider's spec before it is sent: the fields the spec
 * marks required are present. Nothing else (types, enums, ranges) is checked: a spec may be looser
 * or older than the API, and presence is what can be told cheaply and for certain.
 */
import type { Field, Operation } from '../catalog/types.js';
import { UsageError } from './errors.js';

/** Names past this many are counted, not listed: the error stays one line. */
const NAMED = 6;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The required fields missing from `value`, as paths into it: `stocks`, `stocks[1].product_id`.
 * Nested ones are looked for only where their parent is there; a value of the wrong shape (a string
 * where the spec has an object) is not looked into.
 */
export function missingFields(value: unknown, fields: readonly Field[], prefix = ''): string[] {
  if (!isRecord(value)) return fields.filter((f) => f.required).map((f) => `${prefix}${f.name}`);
  return fields.flatMap((f) => {
    const name = `${prefix}${f.name}`;
    const v = value[f.name];
    if (v === undefined) return f.required ? [name] : [];
    if (!f.fields?.length) return [];
    if (Array.isArray(v)) return f.type.endsWith('[]') ? v.flatMap((item, i) => (isRecord(item) ? missingFields(item, f.fields!, `${name}[${i}].`) : [])) : [];
    return isRecord(v) ? missingFields(v, f.fields, `${name}.`) : [];
  });
}

/**
 * Refuses a request without the fields its operation requires (exit 2), before anything is sent.
 * `body`: the JSON body as sent (undefined: none; a stream from --input is not read, so not checked).
 */
export function checkRequired(providerId: string, op: Operation, body: string | undefined, query: URLSearchParams, spec: string): void {
  const missing = op.query.filter((q) => q.required && !query.has(q.name)).map((q) => `${q.name}==`);
  if (op.body && op.bodyType === undefined) missing.push(...missingFields(body === undefined ? {} : JSON.parse(body), op.body));
  if (!missing.length) return;
  const named = missing.length > NAMED ? `${missing.slice(0, NAMED).join(', ')} and ${missing.length - NAMED} more` : missing.join(', ');
  throw new UsageError(`${providerId}: ${op.method} ${op.path} needs ${named}: the spec marks ${missing.length === 1 ? 'it' : 'them'} required`, [
    `mkt api ${providerId} ${op.method} ${op.path} describes the request (${spec}); --no-validate sends it anyway`,
  ]);
}
