import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import { redactHandled } from '../core/redact.js';

/** The part of JSON Schema the tools' inputs use: an object of named, typed properties. */
export interface PropertySchema {
  type: 'string' | 'object' | 'integer' | ['object', 'array', 'string'];
  description: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  additionalProperties?: { type: Array<'string' | 'number' | 'boolean' | 'array'> };
}

export interface InputSchema {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required: string[];
  additionalProperties: false;
}

export type Args = Record<string, unknown>;

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/**
 * The tool's arguments checked against its schema, each problem a sentence the model can act on:
 * a missing or unknown argument, a wrong type, a value outside its enum or range.
 */
export function checkArgs(tool: string, schema: InputSchema, raw: unknown): Args {
  if (raw === undefined) raw = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${tool}: the arguments must be an object, not ${typeName(raw)}`);
  const args = raw as Args;
  refuseSecrets(tool, args);
  for (const name of Object.keys(args)) {
    if (!(name in schema.properties)) throw new UsageError(`${tool}: unknown argument ${quote(name)}; it takes ${Object.keys(schema.properties).join(', ')}`);
  }
  for (const name of schema.required) {
    if (args[name] === undefined) throw new UsageError(`${tool}: missing the argument "${name}" (${schema.properties[name]!.description})`);
  }
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined) checkValue(tool, name, schema.properties[name]!, value);
  }
  return args;
}

function checkValue(tool: string, name: string, p: PropertySchema, value: unknown): void {
  const types = Array.isArray(p.type) ? p.type : [p.type];
  const fits = types.some((t) => (t === 'integer' ? Number.isInteger(value) : t === 'array' ? Array.isArray(value) : t === 'object' ? isPlainObject(value) : typeof value === t));
  if (!fits) throw new UsageError(`${tool}: "${name}" must be ${types.map((t) => (t === 'integer' ? 'a whole number' : `a ${t === 'object' ? 'JSON object' : t}`)).join(' or ')}, not ${typeName(value)}`);
  if (p.enum && !p.enum.includes(value as string)) throw new UsageError(`${tool}: "${name}" is ${quote(String(value))}; it must be one of ${p.enum.join(', ')}`);
  if (typeof value === 'number' && ((p.minimum !== undefined && value < p.minimum) || (p.maximum !== undefined && value > p.maximum))) {
    throw new UsageError(`${tool}: "${name}" must be from ${p.minimum} to ${p.maximum}, not ${value}`);
  }
  if (p.additionalProperties && isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const ok = (Array.isArray(v) ? v : [v]).every((x) => ['string', 'number', 'boolean'].includes(typeof x));
      if (!ok) throw new UsageError(`${tool}: "${name}.${key}" must be a string, number or boolean (or a list of them), not ${typeName(v)}`);
    }
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * mkt adds the credentials itself; an argument holding one (a key the model saw somewhere, pasted
 * into a body or a query) would be sent where mkt cannot vouch for it and echoed in answers.
 * Recognised by value: every secret this process has read (the served sets are read at start).
 */
function refuseSecrets(tool: string, args: Args): void {
  const text = JSON.stringify(args);
  if (redactHandled(text) !== text) {
    throw new UsageError(`${tool}: an argument holds a credential mkt keeps; refused. mkt sends the credentials itself: never put keys or tokens in a tool call`);
  }
}
