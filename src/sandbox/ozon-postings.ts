import { asRecord } from './respond.js';

/**
 * Deterministic FBS postings generated from their index, one every 37 minutes from FIRST_AT, for
 * `/v3/posting/fbs/list` (offset, `result.postings` + `result.has_next`, spec) and its replacement
 * `/v4/posting/fbs/list` (cursor, top-level `postings` + `cursor` + `has_next`, Ozon's changelog).
 */
const FIRST_AT = Date.parse('2026-10-01T06:00:00Z');
const STEP_MS = 37 * 60_000;
const STATUSES = ['awaiting_packaging', 'awaiting_deliver', 'delivering', 'delivered', 'cancelled'] as const;
const MAX_LIMIT = 1000;
const NO_CANCELLATION = { cancel_reason_id: 0, cancel_reason: '', cancellation_type: '', cancelled_after_ship: false, affect_cancellation_rating: false, cancellation_initiator: '' };

export function postingAt(index: number): Record<string, unknown> {
  const orderId = 32_000_000_001 + index;
  const inProcessAt = new Date(FIRST_AT + index * STEP_MS);
  return {
    posting_number: `${String(61_000_000 + index).padStart(8, '0')}-0001-1`,
    order_id: orderId,
    order_number: `${String(61_000_000 + index)}-0001`,
    status: STATUSES[index % STATUSES.length],
    substatus: '',
    delivery_method: { id: 21_321_684_811_000, name: 'Доставка Ozon самостоятельно, Москва', warehouse_id: 21_321_684_811_000, warehouse: 'Склад Песочница', tpl_provider_id: 24, tpl_provider: 'Доставка Ozon' },
    tracking_number: '',
    tpl_integration_type: 'ozon',
    in_process_at: inProcessAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    shipment_date: new Date(inProcessAt.getTime() + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // An object with empty values, as in the spec's example; the example has null for the ones below.
    cancellation: NO_CANCELLATION,
    customer: null,
    products: [{ price: `${1000 + (index % 90) * 10}.0000`, offer_id: `SKU-${String((index % 2500) + 1).padStart(6, '0')}`, name: `Товар ${(index % 2500) + 1}`, sku: 1_500_000_000 + (index % 2500), quantity: 1 + (index % 3), currency_code: 'RUB' }],
    addressee: null,
    barcodes: null,
    analytics_data: null,
    financial_data: null,
    is_express: index % 11 === 0,
    parent_posting_number: '',
    available_actions: [],
    multi_box_qty: 1,
    is_multibox: false,
    quantum_id: 0,
  };
}

/** The indexes the request's `filter` selects: `since`/`to` on `in_process_at`, and `status`. */
function matching(count: number, filterValue: unknown): number[] {
  const filter = asRecord(filterValue) ?? {};
  const since = typeof filter.since === 'string' ? Date.parse(filter.since) : Number.NaN;
  const to = typeof filter.to === 'string' ? Date.parse(filter.to) : Number.NaN;
  const status = typeof filter.status === 'string' && filter.status !== '' ? filter.status : undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = FIRST_AT + i * STEP_MS;
    if ((Number.isNaN(since) || at >= since) && (Number.isNaN(to) || at <= to) && (!status || STATUSES[i % STATUSES.length] === status)) out.push(i);
  }
  return out;
}

export type ListAnswer = { ok: true; value: unknown } | { ok: false; message: string };

function readLimit(request: Record<string, unknown>, schema: string): number | string {
  const limit = request.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return `invalid ${schema}.Limit: value must be inside range [1, ${MAX_LIMIT}]`;
  }
  return limit;
}

/** `/v3/posting/fbs/list`: `offset` + `limit` → `{"result":{"postings":[…],"has_next":…}}`. */
export function listPostingsV3(count: number, body: unknown): ListAnswer {
  const request = asRecord(body) ?? {};
  const limit = readLimit(request, 'GetFbsPostingListRequest');
  if (typeof limit === 'string') return { ok: false, message: limit };
  const offset = request.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return { ok: false, message: 'invalid GetFbsPostingListRequest.Offset: value must be greater than or equal to 0' };
  const indexes = matching(count, request.filter);
  const picked = indexes.slice(offset, offset + limit);
  return { ok: true, value: { result: { postings: picked.map(postingAt), has_next: offset + limit < indexes.length } } };
}

const encodeCursor = (position: number): string => Buffer.from(`postings:${position}`).toString('base64url');

function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  if (typeof cursor !== 'string') return undefined;
  const m = /^postings:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** `/v4/posting/fbs/list`: `cursor` + `limit` → `{"postings":[…],"cursor":"…","has_next":…}`; the last page's cursor is "". */
export function listPostingsV4(count: number, body: unknown): ListAnswer {
  const request = asRecord(body) ?? {};
  const limit = readLimit(request, 'GetFbsPostingListV4Request');
  if (typeof limit === 'string') return { ok: false, message: limit };
  const start = decodeCursor(request.cursor);
  if (start === undefined) return { ok: false, message: 'invalid GetFbsPostingListV4Request.Cursor: cursor is malformed' };
  const indexes = matching(count, request.filter);
  const end = Math.min(indexes.length, start + limit);
  const hasNext = end < indexes.length;
  return { ok: true, value: { postings: indexes.slice(start, end).map(postingAt), cursor: hasNext ? encodeCursor(end) : '', has_next: hasNext } };
}
