import { describe, expect, it } from 'vitest';
import type { ExpectedPaging, Pagination } from '../../src/core/types.js';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { ozzie } from '../../src/providers/ozzie.js';

/** The step as a value easy to compare: the next body/query, or 'last', or 'unrecognised'. */
function stepper(p: Pagination) {
  return (request: { query?: string; body?: unknown }, json: unknown, first?: { query?: string; body?: unknown }, expected?: ExpectedPaging) => {
    const req = { query: new URLSearchParams(request.query ?? ''), body: request.body };
    const start = first ? { query: new URLSearchParams(first.query ?? ''), body: first.body } : req;
    const step = p.next(req, json, start, expected);
    if (step.kind !== 'next') return step.kind;
    return p.style === 'body' ? step.request.body : step.request.query.toString();
  };
}

describe('ozon pagination', () => {
  const p = ozon.paginate!;
  const next = stepper(p);

  it('last_id: follows it; an empty page or an empty last_id is the last page', () => {
    const body = { filter: {}, last_id: '', limit: 2 };
    expect(next({ body }, { result: { items: [1, 2], last_id: 'abc', total: 3 } })).toEqual({ filter: {}, last_id: 'abc', limit: 2 });
    expect(next({ body }, { result: { items: [], last_id: '' } })).toBe('last');
    expect(next({ body }, { result: { items: [3], last_id: '' } })).toBe('last');
    expect(p.items({ result: { items: [1, 2] } })).toEqual([1, 2]);
  });

  it('cursor + has_next at the top (v4 postings, stocks): follows the cursor, stops on has_next false or an empty cursor', () => {
    const v4 = { postings: [{ posting_number: 'a' }, { posting_number: 'b' }], cursor: 'c2', has_next: true };
    expect(p.items(v4)).toEqual(v4.postings);
    expect(next({ body: { filter: {}, limit: 2 } }, v4)).toEqual({ filter: {}, limit: 2, cursor: 'c2' });
    expect(next({ body: { cursor: 'c2', limit: 2 } }, { ...v4, cursor: 'c3', has_next: false })).toBe('last');
    expect(next({ body: { cursor: 'c2', limit: 2 } }, { ...v4, cursor: '' })).toBe('last');
    expect(next({ body: { cursor: '', limit: 2 } }, { cursor: 'c2', has_next: true, result: { items: [1, 2] } })).toEqual({ cursor: 'c2', limit: 2 });
  });

  it('offset: advances by the items received; has_next false or (without has_next) a short page is the last', () => {
    const off = { body: { offset: 0, limit: 2 } };
    const postings = { result: { postings: [{ id: 1 }, { id: 2 }], has_next: true } };
    expect(p.items(postings)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(next(off, postings)).toEqual({ offset: 2, limit: 2 });
    expect(next(off, { result: { postings: [{ id: 1 }, { id: 2 }] } })).toEqual({ offset: 2, limit: 2 });
    expect(next(off, { result: { postings: [{ id: 3 }], has_next: false } })).toBe('last');
    expect(next(off, { result: { postings: [{ id: 3 }] } })).toBe('last');
  });

  it('page numbers (/v3/finance/transaction/list): page + 1 until page_count', () => {
    const page = (n: number) => ({ body: { filter: {}, page: n, page_size: 2 } });
    const answer = { result: { operations: [{ operation_id: 1 }, { operation_id: 2 }], page_count: 3, row_count: 5 } };
    expect(p.items(answer)).toEqual(answer.result.operations);
    expect(next(page(1), answer)).toEqual({ filter: {}, page: 2, page_size: 2 });
    expect(next(page(2), answer)).toEqual({ filter: {}, page: 3, page_size: 2 });
    expect(next(page(3), answer)).toBe('last');
    // page_count 0: "no more pages" (the spec's own words).
    expect(next(page(1), { result: { operations: [{}], page_count: 0 } })).toBe('last');
  });

  it('page numbers from 0 (a run that starts at page 0) and without page_count (total, short page)', () => {
    const at0 = { body: { page: 0, page_size: 2 } };
    const counted = { page_count: 2, items: [1, 2] };
    expect(next(at0, counted)).toEqual({ page: 1, page_size: 2 });
    expect(next({ body: { page: 1, page_size: 2 } }, counted, at0)).toBe('last');
    expect(next({ body: { page: 1, page_size: 2 } }, counted)).toEqual({ page: 2, page_size: 2 });
    expect(next({ body: { page: 1, limit: 2 } }, { strategies: [1, 2], total: 4 })).toEqual({ page: 2, limit: 2 });
    expect(next({ body: { page: 2, limit: 2 } }, { strategies: [3, 4], total: 4 })).toBe('last');
    expect(next({ body: { page: 1, page_size: 2 } }, { result: { reports: [1] } })).toBe('last');
    expect(next({ body: { page: 1, page_size: 2 } }, { result: { reports: [1, 2] } })).toEqual({ page: 2, page_size: 2 });
  });

  it('last item id (/v1/returns/list, attribute values): the answer has no cursor, the request sends the last id back', () => {
    const returns = { returns: [{ id: '1000015552' }, { id: '1000015559' }], has_next: true };
    expect(next({ body: { filter: {}, limit: 2, last_id: 0 } }, returns)).toEqual({ filter: {}, limit: 2, last_id: '1000015559' });
    expect(next({ body: { limit: 2, last_id: 0 } }, { ...returns, has_next: false })).toBe('last');
    expect(next({ body: { attribute_id: 85, limit: 2, last_value_id: 0 } }, { result: [{ id: 5 }, { id: 9 }], has_next: true })).toEqual({ attribute_id: 85, limit: 2, last_value_id: 9 });
    expect(next({ body: { limit: 2, last_id: 0 } }, { returns: [{ id: 1 }] })).toBe('last');
    // Items without an id to send back: not a style mkt knows.
    expect(next({ body: { limit: 2, last_id: 0 } }, { giveouts: [{ giveout_id: 1 }, { giveout_id: 2 }] })).toBe('unrecognised');
  });

  it('page, offset and limit given as digit strings (proto3 JSON int64, `page=1` as an item)', () => {
    expect(next({ body: { page: '1', page_size: '2' } }, { result: { operations: [1, 2], page_count: 2 } })).toEqual({ page: 2, page_size: '2' });
    expect(next({ body: { offset: '0', limit: '2' } }, { result: { postings: [1, 2], has_next: true } })).toEqual({ offset: 2, limit: '2' });
    expect(next({ body: { offset: '0', limit: '2' } }, { result: { postings: [1] } })).toBe('last');
  });

  it('a page with items but no paging field it knows is unrecognised, not a silent last page', () => {
    const step = p.next({ query: new URLSearchParams(), body: {} }, { result: { postings: [1] } }, { query: new URLSearchParams(), body: {} });
    expect(step).toEqual({ kind: 'unrecognised', lookedFor: 'last_id or cursor in the answer, page, offset, last_id or last_value_id in the request' });
    expect(next({ body: { limit: 2 } }, { result: [1, 2], has_next: true })).toBe('unrecognised');
    expect(next({ body: {} }, { result: { page_count: 3, operations: [1] } })).toBe('unrecognised');
    // Nothing to miss: an empty page, or one that says it is the last.
    expect(next({ body: {} }, { result: { items: [] } })).toBe('last');
    expect(next({ body: {} }, { result: { items: [1] }, has_next: false })).toBe('last');
  });

  it("sends the next cursor in the field the response gave it in, never one field's value under the other", () => {
    const page = (extra: object) => ({ result: { items: [1], ...extra } });
    const both = page({ last_id: 'L2', cursor: 'C2' });
    expect(next({ body: { cursor: 'C1' } }, both)).toEqual({ cursor: 'C2' });
    expect(next({ body: { last_id: 'L1' } }, both)).toEqual({ last_id: 'L2' });
    expect(next({ body: {} }, both)).toEqual({ last_id: 'L2' });
    // The response names the field: a request that guessed the other one is corrected.
    expect(next({ body: { cursor: '' } }, page({ last_id: 'L2' }))).toEqual({ cursor: '', last_id: 'L2' });
    expect(next({ body: { last_id: '' } }, page({ cursor: 'C2' }))).toEqual({ last_id: '', cursor: 'C2' });
  });
});

describe('yandex pagination', () => {
  const p = yandex.paginate!;
  const next = stepper(p);

  it('page_token from result.paging.nextPageToken (or top-level paging); no token is the last page', () => {
    expect(next({ query: 'limit=50' }, { result: { paging: { nextPageToken: 't2' }, campaigns: [1] } })).toBe('limit=50&page_token=t2');
    expect(next({ query: 'limit=50' }, { campaigns: [1], paging: { nextPageToken: 't2' } })).toBe('limit=50&page_token=t2');
    expect(next({ query: 'pageToken=t1' }, { campaigns: [1], paging: { nextPageToken: 't2' } })).toBe('pageToken=t2');
    expect(next({ query: 'limit=50' }, { result: { paging: {}, campaigns: [1] } })).toBe('last');
    // A token method's later page without paging at all: still the last page.
    expect(next({ query: 'page_token=t2' }, { result: { campaigns: [1] } })).toBe('last');
    expect(p.items({ result: { campaigns: [1, 2, 3], paging: {} } })).toEqual([1, 2, 3]);
  });

  it('page + pageSize with pager.pagesCount (/v2/campaigns, /v2/regions/{id}/children)', () => {
    const pager = (currentPage: number) => ({ total: 5, from: 1, to: 2, currentPage, pagesCount: 3, pageSize: 2 });
    expect(next({ query: 'page=1&pageSize=2' }, { campaigns: [1, 2], pager: pager(1) })).toBe('page=2&pageSize=2');
    expect(next({ query: 'page=3&pageSize=2' }, { campaigns: [5], pager: pager(3) })).toBe('last');
    // Asked by page, answered with both: the page style the request chose.
    expect(next({ query: 'pageSize=2' }, { campaigns: [1, 2], pager: pager(1), paging: { nextPageToken: 't' } })).toBe('pageSize=2&page=2');
    expect(next({ query: '' }, { campaigns: [1, 2], pager: { total: 5, pageSize: 2, currentPage: 1 } })).toBe('page=2');
    const children = { regions: { id: 225, name: 'Россия', type: 'COUNTRY', children: [{ id: 1 }, { id: 2 }] }, pager: pager(1) };
    expect(p.items(children)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('a page with items and no paging or pager is unrecognised; an empty one is not', () => {
    expect(next({ query: '' }, { campaigns: [1, 2] })).toBe('unrecognised');
    expect(next({ query: '' }, { campaigns: [1], pager: { currentPage: 1 } })).toBe('unrecognised');
    expect(next({ query: '' }, { campaigns: [] })).toBe('last');
  });
});

/** With the catalog's paging of the operation (its spec): that style is expected, the answer's shape only fills in. */
describe('pagination the spec names', () => {
  const ozonNext = stepper(ozon.paginate!);
  const yandexNext = stepper(yandex.paginate!);
  const lookedFor = (p: Pagination, body: unknown, json: unknown, expected: ExpectedPaging, query = '') => {
    const req = { query: new URLSearchParams(query), body };
    const step = p.next(req, json, req, expected);
    return step.kind === 'unrecognised' ? step.lookedFor : step.kind;
  };

  it('items where the spec says, even past another array (finance: result.operations)', () => {
    const page = { result: { notes: ['x'], operations: [1, 2], page_count: 2 } };
    expect(ozon.paginate!.items(page, { style: 'page', items: 'result.operations' })).toEqual([1, 2]);
    expect(ozon.paginate!.items(page)).toEqual(['x']);
    // A spec path that is not there: the answer's shape.
    expect(ozon.paginate!.items({ result: { items: [3] } }, { style: 'last_id', items: 'result.products' })).toEqual([3]);
    expect(yandex.paginate!.items({ result: { offers: [1], other: [2] } }, { style: 'page_token', items: 'result.offers' })).toEqual([1]);
  });

  it('cursor: an answer with items and no cursor is said so, never taken for the last page', () => {
    const cursor: ExpectedPaging = { style: 'cursor', items: 'items' };
    expect(ozonNext({ body: { limit: 2 } }, { items: [1, 2], cursor: 'c2' }, undefined, cursor)).toEqual({ limit: 2, cursor: 'c2' });
    expect(ozonNext({ body: { limit: 2 } }, { items: [1, 2], cursor: '' }, undefined, cursor)).toBe('last');
    expect(ozonNext({ body: { limit: 2 } }, { items: [1, 2], has_next: false }, undefined, cursor)).toBe('last');
    expect(lookedFor(ozon.paginate!, { limit: 2 }, { items: [1, 2], last_id: 'x' }, cursor)).toBe('cursor in the answer (the spec pages this operation by cursor)');
  });

  it('last_id: the answer\'s, else the last item\'s id (returns), else said so', () => {
    const lastId: ExpectedPaging = { style: 'last_id', items: 'returns' };
    expect(ozonNext({ body: { last_id: 0, limit: 2 } }, { returns: [{ id: 7 }, { id: 9 }], has_next: true }, undefined, lastId)).toEqual({ last_id: 9, limit: 2 });
    // Both fields in the answer: the spec's wins over the request's guess.
    expect(ozonNext({ body: { cursor: '' } }, { result: { items: [1], last_id: 'L', cursor: 'C' } }, undefined, { style: 'last_id' })).toEqual({ cursor: '', last_id: 'L' });
    expect(lookedFor(ozon.paginate!, { limit: 2 }, { returns: [{ name: 'a' }] }, lastId)).toBe('last_id in the answer, or an id on its last item (the spec pages this operation by last_id)');
  });

  it('offset: a first request without one starts at 0 (the old rule stopped after one page)', () => {
    const offset: ExpectedPaging = { style: 'offset', items: 'result.postings' };
    const page = { result: { postings: [1, 2], has_next: true } };
    expect(ozonNext({ body: { limit: 2 } }, page, undefined, offset)).toEqual({ limit: 2, offset: 2 });
    expect(ozonNext({ body: { limit: 2 } }, page)).toBe('unrecognised');
    expect(ozonNext({ body: { limit: 2, offset: 2 } }, { result: { postings: [3], has_next: false } }, undefined, offset)).toBe('last');
  });

  it('page: page_count ends it; a request without a page number is told to give one', () => {
    const page: ExpectedPaging = { style: 'page', items: 'result.operations' };
    expect(ozonNext({ body: { page: 1, page_size: 2 } }, { result: { operations: [1, 2], page_count: 2 } }, undefined, page)).toEqual({ page: 2, page_size: 2 });
    expect(ozonNext({ body: { page: 2, page_size: 2 } }, { result: { operations: [3], page_count: 2 } }, undefined, page)).toBe('last');
    expect(lookedFor(ozon.paginate!, { page_size: 2 }, { result: { operations: [1, 2] } }, page)).toBe('page in the request: give the first one, e.g. page:=1 (the spec pages this operation by page)');
  });

  it('Yandex page_token: a later page with items and no paging at all is said so (the old rule took it for the last)', () => {
    const token: ExpectedPaging = { style: 'page_token', items: 'result.offers' };
    expect(yandexNext({ query: 'page_token=t1' }, { result: { offers: [1] } })).toBe('last');
    expect(lookedFor(yandex.paginate!, undefined, { result: { offers: [1] } }, token, 'page_token=t1')).toBe('paging.nextPageToken in the answer (the spec pages this operation by page_token); the answer has no paging');
    expect(yandexNext({ query: 'page_token=t1' }, { result: { offers: [1], paging: {} } }, undefined, token)).toBe('last');
    expect(yandexNext({ query: '' }, { result: { offers: [1], paging: { nextPageToken: 't2' } } }, undefined, token)).toBe('page_token=t2');
    expect(yandexNext({ query: 'page_token=t1' }, { result: { offers: [] } }, undefined, token)).toBe('last');
  });
});

describe('ozzie pagination', () => {
  const p = ozzie.paginate!;
  const next = stepper(p);
  const page = (extra: Record<string, unknown>) => ({ object: 'list', data: [{ id: 'ozz_usr_1' }, { id: 'ozz_usr_2' }], ...extra });

  it('cursor in the query from next_cursor; has_more false, a null or empty next_cursor, or an empty page is the last', () => {
    expect(p.style).toBe('query');
    expect(next({ query: 'limit=2' }, page({ has_more: true, next_cursor: 'c2' }))).toBe('limit=2&cursor=c2');
    expect(next({ query: 'limit=2&cursor=c2' }, page({ has_more: true, next_cursor: 'c3' }))).toBe('limit=2&cursor=c3');
    expect(next({ query: 'cursor=c3' }, page({ has_more: false, next_cursor: null }))).toBe('last');
    // has_more false wins over a cursor left in the answer.
    expect(next({ query: 'cursor=c3' }, page({ has_more: false, next_cursor: 'c4' }))).toBe('last');
    expect(next({ query: '' }, page({ next_cursor: null }))).toBe('last');
    expect(next({ query: '' }, page({ next_cursor: '' }))).toBe('last');
    expect(next({ query: '' }, { object: 'list', data: [], has_more: true, next_cursor: 'c9' })).toBe('last');
  });

  it('items are the list answer\'s data; a single object (data is an object) has none', () => {
    expect(p.items(page({}))).toEqual([{ id: 'ozz_usr_1' }, { id: 'ozz_usr_2' }]);
    expect(p.items({ object: 'user', data: { id: 'ozz_usr_1' } })).toEqual([]);
    expect(next({ query: '' }, { object: 'user', data: { id: 'ozz_usr_1' } })).toBe('last');
  });

  it('a page with items but neither paging field, or more promised without a cursor, is unrecognised', () => {
    expect(next({ query: '' }, page({}))).toBe('unrecognised');
    expect(next({ query: '' }, page({ pagination: { cursor: 'x' } }))).toBe('unrecognised');
    expect(next({ query: '' }, page({ has_more: true, next_cursor: null }))).toBe('unrecognised');
    expect(next({ query: '' }, page({ has_more: true }))).toBe('unrecognised');
  });
});
