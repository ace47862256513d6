import type { ProviderSandbox, Reply, SandboxRequest } from './respond.js';
import { json, parseJsonBody, asRecord } from './respond.js';
import { FixedWindows } from './rate-limit.js';
import { authenticate, wbError, type WbCaller, type WbHost } from './wb-auth.js';
import { SANDBOX_SELLER } from './wb-credentials.js';

/**
 * Wildberries, one host per category: served under `/wb/<host>` (`/wb/content-api/ping`), the
 * `{host}` of the base URL mkt is given. Each host checks the token's category bit as WB's do.
 */
const HOSTS: Record<string, WbHost> = {
  'common-api': { sandbox: false },
  'content-api': { bit: 1, sandbox: false },
  'seller-analytics-api': { bit: 2, sandbox: false },
  'discounts-prices-api': { bit: 3, sandbox: false },
  'marketplace-api': { bit: 4, sandbox: false },
  'statistics-api': { bit: 5, sandbox: false },
  'advert-api': { bit: 6, sandbox: false },
  'feedbacks-api': { bit: 7, sandbox: false },
  'buyer-chat-api': { bit: 9, sandbox: false },
  'supplies-api': { bit: 10, sandbox: false },
  'returns-api': { bit: 11, sandbox: false },
  'documents-api': { bit: 12, sandbox: false },
  'finance-api': { bit: 13, sandbox: false },
  'user-management-api': { bit: 16, sandbox: false },
};
for (const name of ['content-api', 'discounts-prices-api', 'marketplace-api', 'statistics-api', 'advert-api', 'feedbacks-api', 'supplies-api']) {
  HOSTS[`${name}-sandbox`] = { ...HOSTS[name]!, sandbox: true };
}

/** `GET /api/v3/warehouses` items (WB's spec: name, officeId, id, cargoType 1–3, deliveryType 1/2/3/5/6, isDeleting, isProcessing). */
const WAREHOUSES = [
  { name: 'Склад продавца, Подольск', officeId: 15, id: 701, cargoType: 1, deliveryType: 1, isDeleting: false, isProcessing: false },
  { name: 'Склад продавца, Казань', officeId: 204, id: 702, cargoType: 2, deliveryType: 1, isDeleting: false, isProcessing: false },
];

const PING_WINDOW_MS = 30_000;

export interface WbOptions {
  /** `/ping`s per host per token in 30 s before 429 (WB: 3). */
  pingLimit: number;
}

const notFound = (): Reply => wbError(404, 'path not found', 'Please consult the https://dev.wildberries.ru/openapi/api-information');

function route(host: string, req: SandboxRequest, path: string, caller: WbCaller, now: number): Reply {
  const key = `${req.method} ${path}`;
  if (key === 'GET /ping') return json(200, { TS: new Date(now).toISOString().slice(0, 19) + 'Z', Status: 'OK' });
  if (host === 'common-api' && key === 'GET /api/v1/seller-info') {
    return json(200, { name: SANDBOX_SELLER.name, sid: caller.claims.sid ?? SANDBOX_SELLER.sid, tin: '7700000000', tradeMark: SANDBOX_SELLER.tradeMark });
  }
  if (!host.startsWith('marketplace-api')) return notFound();
  if (key === 'GET /api/v3/warehouses') return json(200, WAREHOUSES);
  const stocks = /^PUT \/api\/v3\/stocks\/(\d+)$/.exec(key);
  if (!stocks) return notFound();
  if (!WAREHOUSES.some((w) => w.id === Number(stocks[1]))) return json(404, { code: 'NotFound', message: 'Не найдено' });
  const body = parseJsonBody(req.body);
  const items = body.ok ? asRecord(body.value)?.stocks : undefined;
  if (!Array.isArray(items) || items.length === 0 || items.length > 1000) return json(400, { code: 'IncorrectRequestBody', message: 'stocks: from 1 to 1000 items' });
  return { status: 204, body: '' };
}

/** A method WB's specs call a write: anything but GET/HEAD (the fake serves none of WB's POST reads). */
const isWrite = (method: string): boolean => method !== 'GET' && method !== 'HEAD';

export function wbSandbox(opts: WbOptions): ProviderSandbox {
  const pings = new FixedWindows(opts.pingLimit, PING_WINDOW_MS);
  return {
    handle(req: SandboxRequest): Reply {
      const [, name = '', ...rest] = req.path.split('/');
      const host = HOSTS[name];
      if (!host) return wbError(404, 'path not found', `no Wildberries host "${name}" here: the sandbox's base URL is <sandbox>/wb/{host}, {host} as content-api, marketplace-api, …`);
      const path = `/${rest.join('/')}`;
      const caller = authenticate(req, host, isWrite(req.method));
      if (!('token' in caller)) return caller;
      if (path === '/ping') {
        const w = pings.hit(`${name} ${caller.token}`, req.now);
        const retry = String(Math.max(1, Math.ceil((w.resetAt - req.now) / 1000)));
        if (!w.ok) return wbError(429, 'too many requests', `limited by the sandbox: ${opts.pingLimit} pings in 30 s per host`, { 'X-Ratelimit-Retry': retry, 'X-Ratelimit-Limit': String(w.limit), 'X-Ratelimit-Reset': retry });
        const reply = route(name, req, path, caller, req.now);
        return { ...reply, headers: { ...reply.headers, 'X-Ratelimit-Remaining': String(w.remaining) } };
      }
      return route(name, req, path, caller, req.now);
    },
    errorReply: (status) => wbError(status, status === 429 ? 'too many requests' : 'sandbox fault', `injected status ${status}`, status === 429 ? { 'X-Ratelimit-Retry': '1' } : undefined),
    reset: () => pings.reset(),
  };
}
