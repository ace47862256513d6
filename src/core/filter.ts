import { UsageError } from './errors.js';
import { quote } from './quote.js';

/** One step of a filter path: a key, an index (negative counts from the end) or `[]` (every element). */
export type Step = { key: string } | { index: number } | { each: true };

const MAX_PATH = 1000;

/**
 * Parses a small dot/bracket path: `result.items[].offer_id`, `items[0]`, `a["odd.key"]`, `.` for all.
 * Made for one thing jq is used for daily, without needing jq.
 */
/** `option` names where the path came from in an error: `--filter`, or a column of `--fields`. */
export function parseFilter(path: string, option = '--filter'): Step[] {
  if (path.length > MAX_PATH) throw new UsageError(`${option} is longer than ${MAX_PATH} characters`);
  if (looksLikeJq(path)) {
    throw new UsageError(`${option} ${quote(path)}: this is not jq: pipe to jq instead (mkt call … --json | jq ${quote(path)})`, [
      `${option} takes a path only: result.items[].offer_id, items[0], a["odd.key"] (a leading . is allowed, as in jq)`,
    ]);
  }
  const steps: Step[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  const fail = (why: string): never => {
    throw new UsageError(`${option} ${quote(path)}: ${why} at character ${i + 1}`);
  };
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) fail("missing ']'");
      const inner = path.slice(i + 1, close).trim();
      if (inner === '') steps.push({ each: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push({ key: quotedKey(inner) ?? fail(`${quote(inner)} is not a valid quoted key`) });
      else fail(`${quote(`[${inner}]`)} is not [], [N] or ["key"]`);
      i = close + 1;
      if (path[i] === '.') {
        i++;
        if (i >= path.length || path[i] === '.' || path[i] === '[') fail('a name is missing after the dot');
      }
      continue;
    }
    const m = /^[^.[\]]+/.exec(path.slice(i));
    if (!m) fail('a name is missing');
    steps.push({ key: m![0] });
    i += m![0].length;
    if (path[i] === '.') {
      i++;
      if (i >= path.length) fail('a name is missing after the dot');
    } else if (path[i] === ']') fail("unexpected ']'");
  }
  return steps;
}

/** What jq has and a path does not: pipes, function calls, object construction, `,`, `?`, variables (outside a quoted key). */
const JQ_SIGNS = /[|(){},?$]/;
const QUOTED_KEY = /\["(?:[^"\\]|\\.)*"\]/g;

/**
 * A jq expression (`.items[] | .id`, `map(.id)`, `select(.price > 1)`) would otherwise select
 * nothing, silently: its pipes and parentheses read as parts of a key no answer has.
 */
function looksLikeJq(path: string): boolean {
  return JQ_SIGNS.test(path.replace(QUOTED_KEY, ''));
}

function quotedKey(text: string): string | undefined {
  try {
    return JSON.parse(text) as string;
  } catch {
    return undefined;
  }
}

/** Every value the path selects; missing keys select nothing rather than failing. */
export function applyFilter(json: unknown, steps: Step[]): unknown[] {
  return steps.reduce<unknown[]>((current, step) => current.flatMap((value) => applyStep(value, step)), [json]);
}

function applyStep(value: unknown, step: Step): unknown[] {
  if ('each' in step) {
    if (Array.isArray(value)) return value;
    return isObject(value) ? Object.values(value) : [];
  }
  if ('index' in step) {
    if (!Array.isArray(value)) return [];
    const v = value[step.index < 0 ? value.length + step.index : step.index];
    return v === undefined ? [] : [v];
  }
  return isObject(value) && Object.hasOwn(value, step.key) ? [value[step.key]] : [];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * When a path selects nothing from `values`, where it went wrong: a key no value has (a typo, most
 * often), an index past the end, `[]` on a string. Undefined when nothing is wrong with the path:
 * it selected something, or it ran into empty arrays (a page with no items). `root` names the values
 * in the message.
 */
export function whyNothing(values: unknown[], steps: Step[], root = 'the response'): string | undefined {
  let current = values;
  for (const [i, step] of steps.entries()) {
    const next = current.flatMap((value) => applyStep(value, step));
    if (next.length === 0) return current.length ? missed(current, step, i ? quote(formatPath(steps.slice(0, i))) : root) : undefined;
    current = next;
  }
  return undefined;
}

/** `it`: what the failing step was applied to, e.g. 'result.items' or the response. */
function missed(values: unknown[], step: Step, it: string): string | undefined {
  const isA = `${it} is ${typeName(values[0])}`;
  if ('key' in step) {
    const object = values.find(isObject);
    if (!object) return `${quote(step.key)} is a key, but ${isA}${Array.isArray(values[0]) ? ': [] before it takes each element' : ''}`;
    const keys = Object.keys(object);
    const shown = keys.slice(0, 8).map((k) => quote(k, 40)).join(', ') + (keys.length > 8 ? ', …' : '');
    return `no key ${quote(step.key)} in ${it} (${keys.length ? `its keys: ${shown}` : 'an empty object'})`;
  }
  const list = values.find(Array.isArray);
  if ('each' in step) return list || values.some(isObject) ? undefined : `[] takes elements, but ${isA}`;
  if (!list) return `[${step.index}] takes an element, but ${isA}`;
  return list.length ? `[${step.index}] is past the end of ${it} (${list.length} element${list.length === 1 ? '' : 's'})` : undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Steps back to the path syntax parseFilter reads. */
export function formatPath(steps: Step[]): string {
  return steps
    .map((step, i) => {
      if ('each' in step) return '[]';
      if ('index' in step) return `[${step.index}]`;
      const plain = /^[^.[\]"]+$/.test(step.key) && !JQ_SIGNS.test(step.key);
      return plain ? `${i ? '.' : ''}${step.key}` : `[${JSON.stringify(step.key)}]`;
    })
    .join('');
}

/** What the path selects in each value, one line each: strings as they are (for shell loops), the rest as JSON. */
export function selectLines(values: unknown[], steps: Step[]): string {
  return linesOf(values.flatMap((v) => applyFilter(v, steps)));
}

export const linesOf = (selected: unknown[]): string => selected.map((v) => `${typeof v === 'string' ? v : JSON.stringify(v)}\n`).join('');
