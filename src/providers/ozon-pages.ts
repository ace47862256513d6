import type { PageRequest, PageStep, Pagination } from '../core/types.js';
import { arr, at, firstArray, num, record, str } from './json.js';

/**
 * Ozon's paging styles (facts and sources: docs/providers.md, "Pagination"):
 * a cursor in the answer (`last_id`, `cursor`), a page number in the request (`page` + `page_size`),
 * or an offset in the request (`offset` + `limit`); `has_next` where the method sends it.
 */
const LOOKED_FOR = 'last_id or cursor in the answer, page or offset in the request';

const LAST: PageStep = { kind: 'last' };

/** The items of a page: `result.items`, else the first array in `result` (postings, operations...), else at the top (v4 `postings`). */
export function ozonItems(json: unknown): unknown[] {
  return arr(json, 'result', 'items') ?? firstArray(at(json, 'result')) ?? firstArray(json) ?? [];
}

/** Either level: v3 methods nest paging fields in `result`, newer ones (v4 postings, stocks) put them at the top. */
const field = (json: unknown, name: string): unknown => at(json, 'result', name) ?? at(json, name);
const numberField = (json: unknown, name: string): number | undefined => num(json, 'result', name) ?? num(json, name);

/**
 * The next page's cursor and the body field it goes in, both read off the same response field:
 * `last_id` (product lists) or `cursor` (stocks, v4+). When a response carries both, the field the
 * request already uses wins, then `last_id`.
 */
function cursorOf(json: unknown, body: Record<string, unknown>): { field: 'last_id' | 'cursor'; value: string } | undefined {
  const lastId = str(json, 'result', 'last_id') ?? str(json, 'last_id');
  const cursor = str(json, 'result', 'cursor') ?? str(json, 'cursor');
  if (cursor !== undefined && ('cursor' in body || lastId === undefined)) return { field: 'cursor', value: cursor };
  return lastId === undefined ? undefined : { field: 'last_id', value: lastId };
}

const withBody = (req: PageRequest, body: Record<string, unknown>): PageStep => ({ kind: 'next', request: { query: req.query, body } });

/**
 * Page numbers (`/v3/finance/transaction/list`): stop at `page_count`, else at `total`/`row_count`
 * items, else on a short page. Some methods count from 0: a run that starts at page 0 counts so.
 */
function byPageNumber(req: PageRequest, body: Record<string, unknown>, json: unknown, items: unknown[], first: PageRequest): PageStep {
  const page = body.page as number;
  const pagesDone = page + 1 - (record(first.body)?.page === 0 ? 0 : 1);
  const pageCount = numberField(json, 'page_count');
  const size = typeof body.page_size === 'number' ? body.page_size : typeof body.limit === 'number' ? body.limit : undefined;
  const total = numberField(json, 'row_count') ?? numberField(json, 'total');
  if (pageCount !== undefined) return pagesDone >= pageCount ? LAST : withBody(req, { ...body, page: page + 1 });
  if (size !== undefined && (items.length < size || (total !== undefined && pagesDone * size >= total))) return LAST;
  return withBody(req, { ...body, page: page + 1 });
}

/** Offset style (postings v3, returns): advance by what came back; without has_next, a short page is the last. */
function byOffset(req: PageRequest, body: Record<string, unknown>, items: unknown[], hasNext: unknown): PageStep {
  if (hasNext === undefined && typeof body.limit === 'number' && items.length < body.limit) return LAST;
  return withBody(req, { ...body, offset: (body.offset as number) + items.length });
}

function next(req: PageRequest, json: unknown, first: PageRequest): PageStep {
  const items = ozonItems(json);
  const hasNext = field(json, 'has_next');
  if (items.length === 0 || hasNext === false) return LAST;
  const body = { ...record(req.body) };
  const cursor = cursorOf(json, body);
  if (cursor) return cursor.value === '' ? LAST : withBody(req, { ...body, [cursor.field]: cursor.value });
  if (typeof body.page === 'number') return byPageNumber(req, body, json, items, first);
  if (typeof body.offset === 'number') return byOffset(req, body, items, hasNext);
  return { kind: 'unrecognised', lookedFor: LOOKED_FOR };
}

export const ozonPagination: Pagination = { style: 'body', items: ozonItems, next };
