/**
 * Generated accounts for agency-sized runs (hundreds of sellers): the n-th (1 ≤ n ≤ 99 999) Ozon
 * Client-Id and key, Yandex token. Each is its own account at its fake, with that fake's own limits
 * (Ozon 50 req/s per Client-Id, Yandex's hourly counts per token). Every secret is unique and none is
 * a substring of another (fixed-width numbers), so tests can search output for any of them.
 */
export const AGENCY_MAX = 99_999;

const pad = (n: number): string => String(n).padStart(5, '0');

/** A stable 8-hex tail per account, so keys do not differ only in their number. */
function tail(n: number, salt: number): string {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (const c of pad(n)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function check(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > AGENCY_MAX) throw new RangeError(`agency account ${n}: expected 1..${AGENCY_MAX}`);
}

/** The n-th agency set of each provider the fakes generate, keyed by the provider's field keys. */
export function agency(n: number): { ozon: { clientId: string; apiKey: string }; yandex: { token: string } } {
  check(n);
  return {
    ozon: { clientId: String(700_000 + n), apiKey: `sandbox-ozon-agency-${pad(n)}-${tail(n, 1)}-4c1d-9e0a` },
    yandex: { token: `ACMA:sandboxYmAgency${pad(n)}T0ken${tail(n, 2)}:${tail(n, 3)}` },
  };
}

/** The agency number of an Ozon key, or undefined when it is none of them. */
export function ozonAgencyNumber(apiKey: string): number | undefined {
  const m = /^sandbox-ozon-agency-(\d{5})-[0-9a-f]{8}-4c1d-9e0a$/.exec(apiKey);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 && agency(n).ozon.apiKey === apiKey ? n : undefined;
}

/** The agency number of a Yandex token, or undefined when it is none of them. */
export function yandexAgencyNumber(token: string): number | undefined {
  const m = /^ACMA:sandboxYmAgency(\d{5})T0ken[0-9a-f]{8}:[0-9a-f]{8}$/.exec(token);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 && agency(n).yandex.token === token ? n : undefined;
}
