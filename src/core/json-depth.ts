/**
 * The deepest nesting of arrays and objects mkt works with. JSON.parse takes any depth, but
 * JSON.stringify and every recursive walk overflow the stack past about 4,000 levels on Node 20's
 * default stack (measured: 4,174 for arrays, 4,173 for objects, from an empty stack; less from
 * inside a command). 1,000 leaves room for the frames below, and no seller API nests past 10.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether a parsed value nests arrays/objects deeper than `max` (`[]` is 1 level, `[[1]]` 2). Walks
 * with its own list instead of recursion, so it is safe on any depth; it stops at the first level too deep.
 */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** The phrase every refusal uses. */
export const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;
