import type { PageRequest, PageStep, Pagination } from './types.js';
import type { SpecNode } from './spec-node.js';
import { firstArray, record } from './json.js';
import { pathText, readPath, valueAt, type JsonPath } from './spec-path.js';

const PARAM = { pattern: /^[A-Za-z0-9_.[\]-]{1,64}$/, expected: 'a parameter name' };

const LAST: PageStep = { kind: 'last' };

function cursorIn(node: SpecNode): Pagination['style'] {
  const where = node.string(undefined, 10);
  if (where === 'query' || where === 'body') return where;
  return node.fail(`${JSON.stringify(where)} is not query or body`);
}

/**
 * A cursor rule: the next page's cursor is read at `nextCursor` in each answer and sent back as
 * `cursorParam` in the query or the JSON body. No cursor (absent, null, "") or an empty page: the last page.
 */
export function readPagination(node: SpecNode): Pagination {
  const p = node.object(['items', 'nextCursor', 'cursorIn', 'cursorParam'], ['nextCursor', 'cursorIn', 'cursorParam']);
  const items: JsonPath | undefined = p.items ? readPath(p.items) : undefined;
  const cursor = readPath(p.nextCursor!);
  const style = cursorIn(p.cursorIn!);
  const param = p.cursorParam!.string(PARAM);
  const itemsOf = (json: unknown): unknown[] | undefined => {
    const found = items ? valueAt(json, items) : firstArray(json);
    return Array.isArray(found) ? found : undefined;
  };
  const lookedFor = `${pathText(cursor)} and ${items ? pathText(items) : 'an array'} in the answer`;
  return {
    style,
    items: (json) => itemsOf(json) ?? [],
    next(req: PageRequest, json: unknown): PageStep {
      const list = itemsOf(json);
      const value = valueAt(json, cursor);
      if (list === undefined && value === undefined) return { kind: 'unrecognised', lookedFor };
      if (list?.length === 0) return LAST;
      const next = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : '';
      if (next === '') return LAST;
      if (style === 'query') {
        const query = new URLSearchParams(req.query);
        query.set(param, next);
        return { kind: 'next', request: { query, body: req.body } };
      }
      // A body that is not a JSON object has no place for the cursor.
      if (req.body !== undefined && !record(req.body)) return { kind: 'unrecognised', lookedFor: `a JSON object body to put ${param} in` };
      return { kind: 'next', request: { query: req.query, body: { ...record(req.body), [param]: next } } };
    },
  };
}
