import { asRecord } from './respond.js';

/** Deterministic products generated from their index, so a catalog of any size costs no memory. */
export interface OzonProduct {
  product_id: number;
  offer_id: string;
  has_fbo_stocks: boolean;
  has_fbs_stocks: boolean;
  archived: boolean;
  is_discounted: boolean;
  quants: unknown[];
}

const FIRST_PRODUCT_ID = 800_000_001;

export function productAt(index: number): OzonProduct {
  return {
    product_id: FIRST_PRODUCT_ID + index,
    offer_id: offerId(index),
    has_fbo_stocks: index % 3 === 0,
    has_fbs_stocks: index % 2 === 0,
    archived: isArchived(index),
    is_discounted: index % 17 === 0,
    quants: [],
  };
}

const offerId = (index: number): string => `SKU-${String(index + 1).padStart(6, '0')}`;
const isArchived = (index: number): boolean => index % 50 === 49;

/** The cursor is the index of the next product, dressed up so clients treat it as opaque. */
export function encodeCursor(nextIndex: number): string {
  return Buffer.from(`sandbox:${nextIndex}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  if (cursor === '') return 0;
  const m = /^sandbox:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export interface ProductPage {
  items: OzonProduct[];
  total: number;
  last_id: string;
}

/**
 * One page of `/v3/product/list`. Supports the common filters (`offer_id`,
 * `product_id`, `visibility` ALL|VISIBLE|ARCHIVED); `last_id` is empty on the last page.
 */
export function listProducts(count: number, filterValue: unknown, start: number, limit: number): ProductPage {
  const indexes = matchingIndexes(count, asRecord(filterValue) ?? {});
  if (indexes === 'all') {
    const end = Math.min(count, start + limit);
    const items = [];
    for (let i = start; i < end; i++) items.push(productAt(i));
    return { items, total: count, last_id: end < count ? encodeCursor(end) : '' };
  }
  const from = indexes.findIndex((i) => i >= start);
  const picked = from < 0 ? [] : indexes.slice(from, from + limit);
  const more = from >= 0 && from + limit < indexes.length;
  const last = picked[picked.length - 1];
  return {
    items: picked.map(productAt),
    total: indexes.length,
    last_id: more && last !== undefined ? encodeCursor(last + 1) : '',
  };
}

function matchingIndexes(count: number, filter: Record<string, unknown>): number[] | 'all' {
  const visibility = typeof filter.visibility === 'string' ? filter.visibility.toUpperCase() : 'ALL';
  const byOffer = stringList(filter.offer_id).map((id) => Number(/^SKU-(\d+)$/.exec(id)?.[1] ?? 0) - 1);
  const byProduct = stringList(filter.product_id).map((id) => Number(id) - FIRST_PRODUCT_ID);
  const named = byOffer.length + byProduct.length > 0;
  if (!named && visibility !== 'VISIBLE' && visibility !== 'ARCHIVED') return 'all';

  let indexes: number[];
  if (named) indexes = [...new Set([...byOffer, ...byProduct])].filter((i) => Number.isInteger(i) && i >= 0 && i < count);
  else indexes = Array.from({ length: count }, (_, i) => i);
  if (visibility === 'ARCHIVED') indexes = indexes.filter(isArchived);
  if (visibility === 'VISIBLE') indexes = indexes.filter((i) => !isArchived(i));
  return indexes.sort((a, b) => a - b);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String) : [];
}
