import type { ExpectedPaging, PageRequest, PageStep, Pagination } from './types.js';
import { arr, arrAt, at, firstArray, num, record, str } from './json.js';

/**
 * Ozon's paging styles (facts and sources: docs/providers.md, "Pagination"): a cursor in the answer
 * (`last_id`, `cursor`); the last item's `id` sent back as the request's `last_id` / `last_value_id`
 * (returns, attribute values); a page number (`page` + `page_size`); an offset (`offset` + `limit`);
 * `has_next` where the method sends it.
 */
const LOOKED_FOR = 'last_id or cursor in the answer, page, offset, last_id or last_value_id in the request';

/** Request fields that take the `id` of the last item received, when the answer carries no cursor. */
const LAST_ITEM_FIELDS = ['last_id', 'last_value_id'] as const;

/** Ozon's int64 fields are numbers or, in proto3 JSON, digit strings (`page=2` as an item sends one). */
function whole(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

const LAST: PageStep = { kind: 'last' };

/**
 * The items of a page: where the spec says, else `result.items`, else the first array in `result`
 * (postings, operations...), else at the top (v4 `postings`).
 */
export function ozonItems(json: unknown, expected?: ExpectedPaging): unknown[] {
  return arrAt(json, expected?.items) ?? arr(json, 'result', 'items') ?? firstArray(at(json, 'result')) ?? firstArray(json) ?? [];
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
function byPageNumber(req: PageRequest, body: Record<string, unknown>, page: number, json: unknown, items: unknown[], first: PageRequest): PageStep {
  const pagesDone = page + 1 - (whole(record(first.body)?.page) === 0 ? 0 : 1);
  const pageCount = numberField(json, 'page_count');
  const size = whole(body.page_size) ?? whole(body.limit);
  const total = numberField(json, 'row_count') ?? numberField(json, 'total');
  if (pageCount !== undefined) return pagesDone >= pageCount ? LAST : withBody(req, { ...body, page: page + 1 });
  if (size !== undefined && (items.length < size || (total !== undefined && pagesDone * size >= total))) return LAST;
  return withBody(req, { ...body, page: page + 1 });
}

/** Without has_next, a page shorter than the limit asked for is the last. */
const shortPage = (body: Record<string, unknown>, items: unknown[], hasNext: unknown): boolean => {
  const limit = whole(body.limit);
  return hasNext === undefined && limit !== undefined && items.length < limit;
};

/** Offset style (postings v3, FBO postings): advance by what came back. */
function byOffset(req: PageRequest, body: Record<string, unknown>, offset: number, items: unknown[], hasNext: unknown): PageStep {
  return shortPage(body, items, hasNext) ? LAST : withBody(req, { ...body, offset: offset + items.length });
}

/** `/v1/returns/list`, attribute values: the answer has no cursor; the next request starts after the last item's `id`. */
function byLastItem(req: PageRequest, body: Record<string, unknown>, name: string, items: unknown[], hasNext: unknown): PageStep | undefined {
  const id = at(items[items.length - 1], 'id');
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return shortPage(body, items, hasNext) ? LAST : withBody(req, { ...body, [name]: id });
}

const unrecognised = (lookedFor: string): PageStep => ({ kind: 'unrecognised', lookedFor });

/**
 * The style the spec gives the operation: its field is what moves the run on, and an answer without
 * it is said so (a note), never taken for the last page.
 */
function byStyle(style: ExpectedPaging['style'], req: PageRequest, body: Record<string, unknown>, json: unknown, items: unknown[], first: PageRequest): PageStep | undefined {
  const hasNext = field(json, 'has_next');
  const spec = `(the spec pages this operation by ${style})`;
  if (style === 'cursor' || style === 'last_id') {
    const value = str(json, 'result', style) ?? str(json, style);
    if (value !== undefined) return value === '' ? LAST : withBody(req, { ...body, [style]: value });
    // `/v1/returns/list`: no cursor in the answer; the next request starts after the last item's id.
    const afterLast = style === 'last_id' ? byLastItem(req, body, style, items, hasNext) : undefined;
    return afterLast ?? unrecognised(`${style} in the answer${style === 'last_id' ? ', or an id on its last item' : ''} ${spec}`);
  }
  if (style === 'last_value_id') return byLastItem(req, body, style, items, hasNext) ?? unrecognised(`an id on the last item, for last_value_id ${spec}`);
  // Nothing skipped yet: the first request may leave its offset out.
  if (style === 'offset') return byOffset(req, body, whole(body.offset) ?? 0, items, hasNext);
  if (style === 'page') {
    const page = whole(body.page);
    return page === undefined ? unrecognised(`page in the request: give the first one, e.g. page:=1 ${spec}`) : byPageNumber(req, body, page, json, items, first);
  }
  return undefined;
}

function next(req: PageRequest, json: unknown, first: PageRequest, expected?: ExpectedPaging): PageStep {
  const items = ozonItems(json, expected);
  const hasNext = field(json, 'has_next');
  if (items.length === 0 || hasNext === false) return LAST;
  const body = { ...record(req.body) };
  const specStep = expected && byStyle(expected.style, req, body, json, items, first);
  if (specStep) return specStep;
  const cursor = cursorOf(json, body);
  if (cursor) return cursor.value === '' ? LAST : withBody(req, { ...body, [cursor.field]: cursor.value });
  const page = whole(body.page);
  if (page !== undefined) return byPageNumber(req, body, page, json, items, first);
  const offset = whole(body.offset);
  if (offset !== undefined) return byOffset(req, body, offset, items, hasNext);
  const lastItemField = LAST_ITEM_FIELDS.find((name) => name in body);
  const afterLast = lastItemField && byLastItem(req, body, lastItemField, items, hasNext);
  return afterLast || unrecognised(LOOKED_FOR);
}

export const ozonPagination: Pagination = { style: 'body', items: ozonItems, next };
