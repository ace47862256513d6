import { asRecord } from './respond.js';

/**
 * `/v3/finance/transaction/list` (spec): `page` (from 1) + `page_size` →
 * `{"result":{"operations":[…],"page_count":N,"row_count":N}}`. Operations are generated from their index.
 */
const FIRST_AT = Date.parse('2026-10-01T00:00:00Z');
const MAX_PAGE_SIZE = 1000;
const KINDS = [
  { operation_type: 'OperationAgentDeliveredToCustomer', operation_type_name: 'Доставка покупателю', type: 'orders' },
  { operation_type: 'MarketplaceMarketingActionCostOperation', operation_type_name: 'Услуги продвижения товаров', type: 'services' },
  { operation_type: 'ClientReturnAgentOperation', operation_type_name: 'Получение возврата', type: 'returns' },
] as const;

export function operationAt(index: number): Record<string, unknown> {
  const kind = KINDS[index % KINDS.length]!;
  const date = new Date(FIRST_AT + index * 20 * 60_000).toISOString();
  const sale = kind.type === 'orders' ? 1000 + (index % 50) * 20 : 0;
  return {
    operation_id: 11_401_182_187_840 + index,
    ...kind,
    operation_date: `${date.slice(0, 10)} ${date.slice(11, 19)}`,
    delivery_charge: 0,
    return_delivery_charge: 0,
    accruals_for_sale: sale,
    sale_commission: -Math.round(sale * 0.12),
    amount: kind.type === 'services' ? -6.46 : sale - Math.round(sale * 0.12),
    posting: { delivery_schema: kind.type === 'services' ? '' : 'FBS', order_date: kind.type === 'services' ? '' : date.slice(0, 10), posting_number: kind.type === 'services' ? '' : `${61_000_000 + index}-0001-1`, warehouse_id: 0 },
    items: [],
    services: [],
  };
}

export function listTransactions(count: number, body: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const request = asRecord(body) ?? {};
  const { page, page_size: size } = request;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) return { ok: false, message: 'invalid TransactionListV3Request.Page: value must be greater than or equal to 1' };
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    return { ok: false, message: `invalid TransactionListV3Request.PageSize: value must be inside range [1, ${MAX_PAGE_SIZE}]` };
  }
  const operations = [];
  for (let i = (page - 1) * size; i < Math.min(count, page * size); i++) operations.push(operationAt(i));
  return { ok: true, value: { result: { operations, page_count: Math.ceil(count / size), row_count: count } } };
}
