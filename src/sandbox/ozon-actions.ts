/**
 * `GET /v1/actions` (spec, operation Promos): the Ozon promotions a seller can join, as
 * `{"result":[…]}`, no paging. A GET, one of the six in the spec; it takes no body. The spec names
 * no values for `action_type` and `discount_type`: the ones of its example are used.
 */
const ACTIONS = [
  { id: 71342, title: 'Осенняя распродажа', voucher: false, starts: '2026-10-01', ends: '2026-10-31', participating: 5 },
  { id: 71343, title: 'Скидка по промокоду', voucher: true, starts: '2026-11-01', ends: '2026-11-15', participating: 0 },
  { id: 71344, title: 'Чёрная пятница', voucher: false, starts: '2026-11-27', ends: '2026-11-30', participating: 0 },
] as const;

export function listActions(products: number): { result: Array<Record<string, unknown>> } {
  return {
    result: ACTIONS.map((a) => ({
      id: a.id,
      title: a.title,
      action_type: 'DISCOUNT',
      description: '',
      date_start: `${a.starts}T00:00:00Z`,
      date_end: `${a.ends}T20:59:59Z`,
      freeze_date: '',
      potential_products_count: Math.min(products, 400),
      participating_products_count: a.participating,
      is_participating: a.participating > 0,
      is_voucher_action: a.voucher,
      banned_products_count: 0,
      with_targeting: false,
      order_amount: 0,
      discount_type: 'UNKNOWN',
      discount_value: 0,
    })),
  };
}
