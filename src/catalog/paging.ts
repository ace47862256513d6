import type { Field, Paging, PagingStyle } from './types.js';
import { fieldsOf, type Json } from './spec-schema.js';

/**
 * The paging style from the request: Ozon's body fields, Yandex's query parameters. Where a request
 * has two (Ozon `/v1/actions/candidates`: `offset` and `last_id`, the spec says `offset` is being
 * switched off; Yandex `/v2/campaigns`: `pageToken` and the deprecated `page`), the cursor wins.
 */
export function pagingStyle(body: Field[] | undefined, query: Field[]): PagingStyle | undefined {
  const inBody = new Set((body ?? []).map((f) => f.name));
  const inQuery = new Set(query.map((f) => f.name));
  if (inQuery.has('pageToken') || inQuery.has('page_token')) return 'page_token';
  if (inQuery.has('page') && inQuery.has('pageSize')) return 'page';
  if (inBody.has('cursor')) return 'cursor';
  if (inBody.has('last_id')) return 'last_id';
  if (inBody.has('last_value_id')) return 'last_value_id';
  if (inBody.has('page') && (inBody.has('page_size') || inBody.has('limit'))) return 'page';
  if (inBody.has('offset') && inBody.has('limit')) return 'offset';
  return undefined;
}

/** Fields that describe the paging, not the data: never taken for the items. */
const PAGING_FIELDS = new Set(['paging', 'pager', 'pagination']);

/**
 * Where a page's items are: the first array in `result`, else the first array at the top level (v4
 * postings, stocks), else `result` itself when it is the array (attribute values).
 */
export function itemsPath(spec: Json, responseSchema: unknown): string | undefined {
  const top = fieldsOf(spec, responseSchema);
  const firstArray = (fields: Field[]) => fields.find((f) => f.type.endsWith('[]') && !PAGING_FIELDS.has(f.name));
  const result = top.find((f) => f.name === 'result');
  const inResult = result?.type === 'object' && result.fields ? firstArray(result.fields) : undefined;
  if (inResult) return `result.${inResult.name}`;
  const atTop = firstArray(top);
  return atTop ? atTop.name : undefined;
}

export function pagingOf(spec: Json, body: Field[] | undefined, query: Field[], responseSchema: unknown): Paging | undefined {
  const style = pagingStyle(body, query);
  if (!style) return undefined;
  const items = itemsPath(spec, responseSchema);
  return items ? { style, items } : { style };
}
