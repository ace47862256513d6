import type { Headers } from '../core/types.js';

export function flattenHeaders(raw: Record<string, string | string[] | number | undefined>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export function timeoutError(ms: number): Error {
  const err = new Error(`no answer within ${ms / 1000} s`);
  (err as NodeJS.ErrnoException).code = 'ETIMEDOUT';
  return err;
}
