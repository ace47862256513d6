import { UsageError } from './errors.js';
import { quote } from './quote.js';

/** One step of a filter path: a key, an index (negative counts from the end) or `[]` (every element). */
export type Step = { key: string } | { index: number } | { each: true };

const MAX_PATH = 1000;

/**
 * Parses a small dot/bracket path: `result.items[].offer_id`, `items[0]`, `a["odd.key"]`, `.` for all.
 * Made for one thing jq is used for daily, without needing jq.
 */
export function parseFilter(path: string): Step[] {
  if (path.length > MAX_PATH) throw new UsageError(`--filter is longer than ${MAX_PATH} characters`);
  const steps: Step[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  const fail = (why: string): never => {
    throw new UsageError(`--filter ${quote(path)}: ${why} at character ${i + 1}`);
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

function quotedKey(text: string): string | undefined {
  try {
    return JSON.parse(text) as string;
  } catch {
    return undefined;
  }
}

/** Every value the path selects; missing keys select nothing rather than failing. */
export function applyFilter(json: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [json];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('each' in step) {
        if (Array.isArray(value)) next.push(...value);
        else if (value !== null && typeof value === 'object') next.push(...Object.values(value));
      } else if ('index' in step) {
        if (Array.isArray(value)) {
          const v = value[step.index < 0 ? value.length + step.index : step.index];
          if (v !== undefined) next.push(v);
        }
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step.key)) {
        next.push((value as Record<string, unknown>)[step.key]);
      }
    }
    current = next;
  }
  return current;
}

/** What the path selects in each value, one line each: strings as they are (for shell loops), the rest as JSON. */
export function selectLines(values: unknown[], steps: Step[]): string {
  return values
    .flatMap((v) => applyFilter(v, steps))
    .map((v) => `${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
    .join('');
}
