import type { PageRequest, PageStep, Pagination } from './types.js';
import { arr, at, firstArray } from './json.js';

/**
 * Ozzie's lists take `cursor` + `limit` in the query (developers.ozzieapp.com, Money Moves: "cursor-based
 * pagination"; facts and gaps: docs/providers.md, "Pagination"). The answer's field for the next
 * cursor is not shown in the docs: mkt follows `next_cursor` and stops on `has_more: false`, a
 * `null`/empty `next_cursor` or an empty page, and says so when a page has neither field.
 */
const LOOKED_FOR = 'next_cursor or has_more in the answer';

const LAST: PageStep = { kind: 'last' };

/** `data`, the array of a list answer (a single object's `data` is an object: no items). */
export function ozzieItems(json: unknown): unknown[] {
  return arr(json, 'data') ?? firstArray(json) ?? [];
}

function next(req: PageRequest, json: unknown): PageStep {
  const hasMore = at(json, 'has_more');
  if (ozzieItems(json).length === 0 || hasMore === false) return LAST;
  const cursor = at(json, 'next_cursor');
  if (typeof cursor === 'string' && cursor !== '') {
    const query = new URLSearchParams(req.query);
    query.set('cursor', cursor);
    return { kind: 'next', request: { query, body: req.body } };
  }
  // No cursor to follow: the end, unless the page also claims there is more.
  if ((cursor === null || cursor === '') && hasMore !== true) return LAST;
  return { kind: 'unrecognised', lookedFor: LOOKED_FOR };
}

export const ozziePagination: Pagination = { style: 'query', items: ozzieItems, next };
