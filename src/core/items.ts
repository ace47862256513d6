import { UsageError } from './errors.js';
import { quote } from './quote.js';
import { hasControlCharacter } from './validate.js';
import { fileProblem } from './body-file.js';
import { nestedDeeperThan, TOO_DEEP } from './json-depth.js';

/** HTTPie's request items. Longest separator wins where two start at the same place. */
const SEPARATORS = [':=@', '=@', ':=', '==', '=', ':'] as const;
type Separator = (typeof SEPARATORS)[number];

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export interface ParsedItems {
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  /** The JSON body built from data items; undefined when there were none. */
  data?: Record<string, unknown> | unknown[];
}

export function parseItems(items: string[], readFile: (path: string) => string): ParsedItems {
  const out: ParsedItems = { headers: [], query: [] };
  for (const item of items) {
    const split = splitItem(item);
    if (!split) throw new UsageError(`request item ${quote(item)} has no separator: use Header:value, param==value, field=value or field:=json`);
    const { key, sep, value } = split;
    if (sep === ':') {
      if (!TOKEN.test(key)) throw new UsageError(`request item ${quote(item)}: ${quote(key)} is not a valid header name`);
      if (hasControlCharacter(value)) throw new UsageError(`request item '${key}:…': header value contains a control character`);
      out.headers.push([key, value.trim()]);
    } else if (sep === '==') {
      out.query.push([key, value]);
    } else {
      if (key === '') throw new UsageError(`request item ${quote(item)} has an empty field name`);
      const text = sep.endsWith('@') ? readItemFile(item, value, readFile) : value;
      const fieldValue = sep.startsWith(':=') ? parseJsonItem(item, text) : text;
      out.data = setPath(out.data, fieldPath(item, key), fieldValue);
    }
  }
  // The body is written out with JSON.stringify, which overflows the stack on a deep enough value.
  if (nestedDeeperThan(out.data)) throw new UsageError(`request items build a body ${TOO_DEEP} (field paths and := values together)`);
  return out;
}

function splitItem(item: string): { key: string; sep: Separator; value: string } | undefined {
  for (let i = 0; i < item.length; i++) {
    if (item[i] === '\\') {
      i++;
      continue;
    }
    for (const sep of SEPARATORS) {
      if (item.startsWith(sep, i)) return { key: unescape(item.slice(0, i)), sep, value: item.slice(i + sep.length) };
    }
  }
  return undefined;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

function readItemFile(item: string, path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (err) {
    throw new UsageError(`request item ${quote(item)}: cannot read ${quote(path)}${fileProblem(err)}`);
  }
}

function parseJsonItem(item: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`request item ${quote(item)} is not valid JSON after ':='`);
  }
  if (nestedDeeperThan(value)) throw new UsageError(`request item ${quote(item)}: the JSON is ${TOO_DEEP}`);
  return value;
}

/**
 * The largest array index an item may name. The body holds a null for every gap below it, so
 * `a[99999999]=1` would be a 500 MB body (and past 2^32 - 2 not an array index at all).
 */
const MAX_INDEX = 10_000;

/** `a[b][0]` → ['a', 'b', 0]; `a[]` → ['a', ''] (append). */
export function fieldPath(item: string, key: string): Array<string | number> {
  const m = /^([^[\]]*)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) throw new UsageError(`request item ${quote(item)}: unbalanced brackets in ${quote(key)}`);
  const path: Array<string | number> = [];
  if (m[1] !== '') path.push(m[1]!);
  for (const part of m[2]!.matchAll(/\[([^[\]]*)\]/g)) {
    const inner = part[1]!;
    if (!/^\d+$/.test(inner)) path.push(inner);
    else if (Number(inner) <= MAX_INDEX) path.push(Number(inner));
    else throw new UsageError(`request item ${quote(item)}: index ${quote(inner, 20)} is past ${MAX_INDEX}`);
  }
  if (path.length === 0 || path[0] === '') throw new UsageError(`request item ${quote(item)} has an empty field name`);
  return path;
}

type Container = Record<string, unknown> | unknown[];

/** An own, plain property even for names like `__proto__`: a field name never reaches a prototype. */
function put(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function setPath(root: Container | undefined, path: Array<string | number>, value: unknown): Container {
  const top: Container = root ?? (typeof path[0] === 'number' ? [] : {});
  let cur: Container = top;
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    const nextIsIndex = !last && (typeof path[i + 1] === 'number' || path[i + 1] === '');
    const slot = key === '' && Array.isArray(cur) ? cur.length : key;
    if (Array.isArray(cur) !== (typeof slot === 'number')) {
      throw new UsageError(`request items mix array and object at ${quote(path.slice(0, i + 1).join('.'))}`);
    }
    if (last) {
      put(cur, slot, value);
      return;
    }
    const existing = Object.hasOwn(cur, slot) ? (cur as Record<string | number, unknown>)[slot] : undefined;
    if (existing === undefined) put(cur, slot, nextIsIndex ? [] : {});
    else if (existing === null || typeof existing !== 'object') {
      throw new UsageError(`request items set ${quote(path.slice(0, i + 1).join('.'))} both to a value and to a nested field`);
    }
    cur = (cur as Record<string | number, unknown>)[slot] as Container;
  });
  return top;
}
