/**
 * `GET /v1/actions` (spec, operation Promos): the Ozon promotions a seller can join, as
 * `{"result":[…]}`, no paging. A GET, one of the six in the spec; it takes no body. The spec names
 * no values for `action_type` and `discount_type`: the ones of its example are used.
 */
const ACTIONS = [
  { id: 71342, title: 'Осенняя распродажа', voucher: false, startsInDays: -10, days: 30, participating: 5 },
  { id: 71343, title: 'Скидка по промокоду', voucher: true, startsInDays: 5, days: 14, participating: 0 },
  { id: 71344, title: 'Чёрная пятница', voucher: false, startsInDays: 20, days: 4, participating: 0 },
] as const;

const DAY_MS = 86_400_000;
/** Midnight UTC `days` from the day of `now`, in Ozon's `…Z` form. */
const dayFrom = (now: number, days: number): string => new Date((Math.floor(now / DAY_MS) + days) * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Dated around `now`, so there is always one running and two to come. */
export function listActions(products: number, now: number): { result: Array<Record<string, unknown>> } {
  return {
    result: ACTIONS.map((a) => ({
      id: a.id,
      title: a.title,
      action_type: 'DISCOUNT',
      description: '',
      date_start: dayFrom(now, a.startsInDays),
      date_end: dayFrom(now, a.startsInDays + a.days),
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
