import type { ErrorKind } from './types.js';

/** The common HTTP reading of a failure; providers add their own quirks on top. */
export function classifyByStatus(status: number, rateLimitStatuses: readonly number[]): ErrorKind | undefined {
  if (status < 400) return undefined;
  if (rateLimitStatuses.includes(status)) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  return status >= 500 ? 'server' : 'client';
}
