/**
 * Yandex's two paging styles and the region tree behind `GET /v2/regions/{regionId}/children`.
 * `pageToken` (alias `page_token`) + `limit`, answered with `paging.nextPageToken`; and the older
 * `page` (from 1, at most 10000) + `pageSize`, answered with a `pager` (`total`, `from`, `to`,
 * `currentPage`, `pagesCount`, `pageSize`).
 */
const MAX_PAGE = 10_000;

export interface TokenPage {
  start: number;
  end: number;
  paging: { nextPageToken?: string };
}

const encodePageToken = (index: number, what: string): string => Buffer.from(`${what}:${index}`).toString('base64url');

function decodePageToken(token: string, what: string): number | undefined {
  if (token === '') return 0;
  const m = new RegExp(`^${what}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/**
 * One page by `pageToken` + `limit`, or the message of a 400 (worded as in docs: concepts/error-codes).
 * The spec gives `limit` no default ("У данного лимита нет значения по умолчанию") and does not say
 * what the server does without one: the sandbox answers the rest in one page. `truncate` is the
 * spec's `x-transform: truncateLimit`: a limit over the maximum is cut to it, not refused.
 */
export function tokenPage(total: number, query: URLSearchParams, what: string, max: number, truncate = false): TokenPage | string {
  const raw = query.get('limit');
  let limit = total;
  if (raw !== null) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n)) return `Type mismatch: '${raw}'`;
    if (n < 1) return `'limit' must be greater than or equal to 1 (rejected value: ${raw})`;
    if (n > max && !truncate) return `Parameter limit must be less than or equal to ${max} (rejected value: ${raw})`;
    limit = Math.min(n, max);
  }
  const start = decodePageToken(query.get('pageToken') ?? query.get('page_token') ?? '', what);
  if (start === undefined) return 'Bad page token';
  const end = Math.min(total, start + limit);
  return { start, end, paging: end < total ? { nextPageToken: encodePageToken(end, what) } : {} };
}

export interface FlippingPage {
  start: number;
  end: number;
  pager: { total: number; from: number; to: number; currentPage: number; pagesCount: number; pageSize: number };
}

/** Whether the request asked for the older style: `page` or `pageSize` in the query. */
export const asksForPages = (query: URLSearchParams): boolean => query.has('page') || query.has('pageSize');

/** One page of `total` items by `page` + `pageSize`, or the message of a 400. */
export function flippingPage(total: number, query: URLSearchParams, defaultSize: number, maxSize: number): FlippingPage | string {
  const page = query.has('page') ? Number(query.get('page')) : 1;
  const size = query.has('pageSize') ? Number(query.get('pageSize')) : defaultSize;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return `page must be an integer from 1 to ${MAX_PAGE}`;
  if (!Number.isInteger(size) || size < 1 || size > maxSize) return `pageSize must be an integer from 1 to ${maxSize}`;
  const start = Math.min(total, (page - 1) * size);
  const end = Math.min(total, start + size);
  const pager = { total, from: start + 1, to: end, currentPage: page, pagesCount: Math.ceil(total / size), pageSize: size };
  return { start, end, pager };
}

export const RUSSIA = 225;
/** Children of Russia in the sandbox: generated subjects of the federation. */
export const RUSSIA_CHILDREN = 85;

const REGION_TYPES = ['REPUBLIC', 'REGION', 'CITY'] as const;

export function regionChildAt(index: number): Record<string, unknown> {
  const n = index + 1;
  return { id: 10_000 + n, name: `Субъект ${String(n).padStart(2, '0')}`, type: REGION_TYPES[index % REGION_TYPES.length] };
}

export const russia = (children: unknown[]): Record<string, unknown> => ({
  id: RUSSIA,
  name: 'Россия',
  type: 'COUNTRY',
  parent: { id: 10_001, name: 'Евразия', type: 'CONTINENT' },
  children,
});
