import type { Headers } from '../core/types.js';
import { BODY_STALLED } from '../core/response.js';

export function flattenHeaders(raw: Record<string, string | string[] | number | undefined>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' });
}

/** The body stopped coming: no data for the idle limit. Its own code, so no one matches on wording. */
export function stallError(ms: number): Error {
  return Object.assign(new Error(`no data for ${ms / 1000} s`), { code: BODY_STALLED });
}
