import { asRecord } from './respond.js';

/**
 * `/v1/returns/list` (spec): `last_id` is the `id` of the last return already loaded (0 or absent
 * at first), `limit` at most 500 → `{"returns":[…],"has_next":…}`. The answer has no cursor of its
 * own. Ids are int64, sent as strings as in the spec's example.
 */
const FIRST_ID = 1_000_015_552;
const ID_STEP = 7;
const MAX_LIMIT = 500;

export function returnAt(index: number): Record<string, unknown> {
  const n = index + 1;
  return {
    id: String(FIRST_ID + index * ID_STEP),
    company_id: '3058',
    return_reason_name: index % 2 === 0 ? 'Покупатель отказался при вручении' : 'Товар не подошёл',
    type: index % 5 === 0 ? 'PartialReturn' : 'FullReturn',
    schema: index % 3 === 0 ? 'Fbo' : 'Fbs',
    order_id: String(24_540_784_250 + index),
    order_number: `${58_544_282 + index}-0057`,
    posting_number: `${58_544_282 + index}-0057-1`,
    product: { sku: String(1_500_000_000 + (index % 2500)), offer_id: `SKU-${String((index % 2500) + 1).padStart(6, '0')}`, name: `Товар ${(index % 2500) + 1}`, quantity: 1 },
    visual: { status: { id: 3, display_name: 'В пункте выдачи', sys_name: 'ArrivedAtReturnPlace' }, change_moment: new Date(Date.UTC(2026, 9, 1) + n * 3_600_000).toISOString() },
  };
}

export function listReturns(count: number, body: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const request = asRecord(body) ?? {};
  const limit = request.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { ok: false, message: `invalid GetReturnsListRequest.Limit: value must be inside range [1, ${MAX_LIMIT}]` };
  }
  const lastId = Number(request.last_id ?? 0);
  if (!Number.isSafeInteger(lastId) || lastId < 0) return { ok: false, message: 'invalid GetReturnsListRequest.LastId: value must be a non-negative integer' };
  const start = lastId < FIRST_ID ? 0 : Math.floor((lastId - FIRST_ID) / ID_STEP) + 1;
  const returns = [];
  for (let i = start; i < Math.min(count, start + limit); i++) returns.push(returnAt(i));
  return { ok: true, value: { returns, has_next: start + limit < count } };
}
