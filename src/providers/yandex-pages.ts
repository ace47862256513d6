import type { ExpectedPaging, PageRequest, PageStep, Pagination } from './types.js';
import { arr, arrAt, at, firstArray, num, record, str } from './json.js';

/**
 * Yandex's two paging styles (facts and sources: docs/providers.md, "Pagination"): `page_token` +
 * `limit` answered with `paging.nextPageToken`, and the older `page` + `pageSize` answered with
 * `pager` (`currentPage`, `pagesCount`), still accepted by e.g. `/v2/campaigns`.
 */
const LOOKED_FOR = 'paging.nextPageToken or pager.pagesCount in the answer, page_token or page in the request';

const LAST: PageStep = { kind: 'last' };

/** Skipped when looking one level down for the items: they describe the paging, not the data. */
const PAGING_KEYS = new Set(['paging', 'pager']);

/** Where the spec says, else `result.items`, else the first array in `result` or at the top, else one level down (`regions.children`). */
export function yandexItems(json: unknown, expected?: ExpectedPaging): unknown[] {
  return arrAt(json, expected?.items) ?? arr(json, 'result', 'items') ?? firstArray(at(json, 'result')) ?? firstArray(json) ?? nestedArray(json) ?? [];
}

function nestedArray(json: unknown): unknown[] | undefined {
  for (const [key, value] of Object.entries(record(json) ?? {})) {
    const found = PAGING_KEYS.has(key) ? undefined : firstArray(record(value));
    if (found) return found;
  }
  return undefined;
}

const pagingOf = (json: unknown) => record(json, 'result', 'paging') ?? record(json, 'paging');
const pagerOf = (json: unknown) => record(json, 'result', 'pager') ?? record(json, 'pager');

const withQuery = (req: PageRequest, name: string, value: string): PageStep => {
  const query = new URLSearchParams(req.query);
  query.set(name, value);
  return { kind: 'next', request: { query, body: req.body } };
};

/** The spec names the parameter `pageToken` (alias `page_token`): keep the one the request uses. */
const tokenParam = (query: URLSearchParams): string => (query.has('pageToken') ? 'pageToken' : 'page_token');

function byPager(req: PageRequest, pager: Record<string, unknown>): PageStep {
  const current = num(pager, 'currentPage') ?? (Number(req.query.get('page') ?? '1') || 1);
  const size = num(pager, 'pageSize');
  const total = num(pager, 'total');
  const count = num(pager, 'pagesCount') ?? (size && total !== undefined ? Math.ceil(total / size) : undefined);
  if (count === undefined) return { kind: 'unrecognised', lookedFor: 'pager.pagesCount (or pager.total and pager.pageSize) in the answer' };
  return current >= count ? LAST : withQuery(req, 'page', String(current + 1));
}

function next(req: PageRequest, json: unknown, _first: PageRequest, expected?: ExpectedPaging): PageStep {
  const pager = pagerOf(json);
  const asksPages = req.query.has('page') || req.query.has('pageSize');
  if (pager && asksPages) return byPager(req, pager);
  const token = str(pagingOf(json), 'nextPageToken');
  if (token) return withQuery(req, tokenParam(req.query), token);
  // The spec pages it by token: a page with items and no `paging` at all is not taken for the last one.
  if (expected?.style === 'page_token' && !pagingOf(json) && yandexItems(json, expected).length > 0) {
    return { kind: 'unrecognised', lookedFor: 'paging.nextPageToken in the answer (the spec pages this operation by page_token); the answer has no paging' };
  }
  // A token method's last page has no nextPageToken (a `pager` beside it, which the spec allows, does
  // not make it a page-number answer); an empty page ends any style.
  if (pagingOf(json) || yandexItems(json).length === 0 || req.query.has(tokenParam(req.query))) return LAST;
  if (pager) return byPager(req, pager);
  return { kind: 'unrecognised', lookedFor: LOOKED_FOR };
}

export const yandexPagination: Pagination = { style: 'query', items: yandexItems, next };
