import type { ErrorKind, Headers, Method, Provider } from './types.js';
import type { SpecNode } from './spec-node.js';
import { readPath, valueAt, type JsonPath } from './spec-path.js';
import { readMethod } from './spec-verify.js';
import { retryAfterMs, untilMs } from './json.js';
import { HEADER_NAME } from './spec-fields.js';

export interface ErrorRules {
  classify: Provider['classify'];
  errorMessage: Provider['errorMessage'];
}

/**
 * Rejected and rate-limit statuses are 4xx only: a rate-limited request is sent again whatever its
 * method, because the provider cannot have applied it; a 5xx may come after it did.
 */
export function readRateLimit(node: SpecNode | undefined): Provider['rateLimit'] {
  const r = node?.object(['statuses', 'wait']) ?? {};
  const statuses = r.statuses?.statuses(400, 499) ?? [429];
  return { statuses, waitMs: r.wait ? readWait(r.wait) : (headers, _json, now) => retryAfterMs(headers['retry-after'], now) };
}

type WaitMs = Provider['rateLimit']['waitMs'];

/** How the provider says how long to wait: a header (seconds or a date, a unix reset time, a date), or its docs' fixed wait. */
function readWait(node: SpecNode): WaitMs {
  const w = node.object(['header', 'format', 'seconds']);
  if (w.seconds) {
    if (w.header || w.format) w.seconds.fail('give either seconds or a header and its format, not both');
    const ms = w.seconds.number(0, 3600) * 1000;
    return () => ms;
  }
  if (!w.header || !w.format) node.fail('needs a header and its format (delay, unix or date), or seconds');
  const header = w.header.string(HEADER_NAME).toLowerCase();
  const format = w.format.string(undefined, 10);
  const read = (headers: Headers) => headers[header];
  if (format === 'delay') return (headers, _json, now) => retryAfterMs(read(headers), now);
  if (format === 'date') return (headers, _json, now) => untilMs(read(headers), now);
  if (format === 'unix') {
    return (headers, _json, now) => {
      const reset = Number(read(headers));
      return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
    };
  }
  return w.format.fail(`${JSON.stringify(format)} is not one of delay (seconds, or a date, as Retry-After), unix (reset time in unix seconds), date (reset time as an HTTP date)`);
}

export function readErrors(node: SpecNode | undefined, rateLimited: readonly number[]): ErrorRules {
  const e = node?.object(['message', 'rejected']) ?? {};
  const rejected = e.rejected?.statuses(400, 499) ?? [401, 403];
  const both = rejected.find((s) => rateLimited.includes(s));
  if (both !== undefined) e.rejected!.fail(`${both} is also a rate-limit status (rateLimit.statuses)`);
  const paths: JsonPath[] = e.message?.strings().map(({ text, node: n }) => readPath(n, text)) ?? [];
  return {
    classify(status): ErrorKind | undefined {
      if (status < 400) return undefined;
      if (rateLimited.includes(status)) return 'rate_limit';
      if (rejected.includes(status)) return 'auth';
      if (status === 404) return 'not_found';
      return status >= 500 ? 'server' : 'client';
    },
    errorMessage(json) {
      for (const path of paths) {
        const value = valueAt(json, path);
        if (typeof value === 'string' && value.trim()) return value;
        if (typeof value === 'number') return String(value);
      }
      return undefined;
    },
  };
}

const POST_PATH = { pattern: /^\/[\x21-\x7e]*$/, expected: 'a path ending, starting with / (no query)' };

/** Which requests only read, so a 5xx or a network failure may be retried; anything else is sent once. */
export function readReadOnly(node: SpecNode | undefined): NonNullable<Provider['readOnly']> {
  const r = node?.object(['methods', 'postsEndingWith']) ?? {};
  const methods = r.methods?.array(3).map((m) => {
    const method = readMethod(m);
    if (method === 'POST') m.fail('a POST may change things: list the POST paths that only read in readOnly.postsEndingWith');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) m.fail(`${method} changes things at the provider; it is never retried`);
    return method;
  }) ?? ['GET', 'HEAD'];
  const posts = r.postsEndingWith?.array().map((p) => {
    const text = p.string(POST_PATH);
    if (text.includes('?')) p.fail('a path ending has no query');
    return text;
  }) ?? [];
  return (method: Method, path: string) => {
    if (methods.includes(method)) return true;
    const bare = path.split('?')[0] ?? '';
    return method === 'POST' && posts.some((end) => bare.endsWith(end));
  };
}

export function readPace(node: SpecNode | undefined): Provider['pace'] {
  if (!node) return { perSecond: 10, parallel: 4 };
  const p = node.object(['perSecond', 'parallel'], ['perSecond', 'parallel']);
  return { perSecond: p.perSecond!.number(0.1, 1000), parallel: p.parallel!.number(1, 64, true) };
}
