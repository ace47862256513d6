/** Small readers for untyped JSON bodies: providers never trust a body's shape. */

export function at(json: unknown, ...path: Array<string | number>): unknown {
  let cur: unknown = json;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

export function str(json: unknown, ...path: Array<string | number>): string | undefined {
  const v = at(json, ...path);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function arr(json: unknown, ...path: Array<string | number>): unknown[] | undefined {
  const v = at(json, ...path);
  return Array.isArray(v) ? v : undefined;
}

/** The first array-valued property of an object: the items of a page whose field name varies by method. */
export function firstArray(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (json === null || typeof json !== 'object') return undefined;
  for (const v of Object.values(json)) if (Array.isArray(v)) return v;
  return undefined;
}

/** The array at a dotted path (`result.operations`, the catalog's items of a page); undefined when there is none there. */
export function arrAt(json: unknown, dotted: string | undefined): unknown[] | undefined {
  return dotted === undefined ? undefined : arr(json, ...dotted.split('.'));
}

/** Seconds in a `Retry-After` header (delta or HTTP date) as milliseconds from now. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  return untilMs(value, now);
}

/** Milliseconds from `now` until an HTTP/RFC 822 date; undefined when unparseable. */
export function untilMs(date: string | undefined, now: number): number | undefined {
  if (!date) return undefined;
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export function num(json: unknown, ...path: Array<string | number>): number | undefined {
  const v = at(json, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function record(json: unknown, ...path: Array<string | number>): Record<string, unknown> | undefined {
  const v = at(json, ...path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
