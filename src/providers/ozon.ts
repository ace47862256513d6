import type { Credentials, ErrorKind, Identity, Provider } from './types.js';
import { arr, at, str, retryAfterMs } from './json.js';
import { classifyByStatus } from './classify.js';
import { ozonPagination } from './ozon-pages.js';

const RATE_LIMITED = [429];

const DAY_MS = 86_400_000;
export const OZON_EXPIRY_WARN_DAYS = 14;

/** Ozon answers a wrong key with 404 and a bad Client-Id with 400, so auth is recognised by message. */
const AUTH_MESSAGE = /api-?key|client-id|ip address/i;

function identity(json: unknown, _creds: Credentials, now: Date): Identity | undefined {
  if (!Array.isArray(at(json, 'roles'))) return undefined;
  const roles = (arr(json, 'roles') ?? []).map((r) => str(r, 'name')).filter((n): n is string => !!n);
  const expiresAt = str(json, 'expires_at');
  const lines: Identity['lines'] = [['roles', roles.join(', ') || '(none)']];
  const warnings: string[] = [];
  let daysLeft: number | undefined;
  if (expiresAt && !Number.isNaN(Date.parse(expiresAt))) {
    daysLeft = Math.floor((Date.parse(expiresAt) - now.getTime()) / DAY_MS);
    lines.push(['key expires', `${expiresAt.slice(0, 10)} (${daysLeft < 0 ? 'expired' : `in ${daysLeft} days`})`]);
    if (daysLeft < OZON_EXPIRY_WARN_DAYS) {
      warnings.push(daysLeft < 0 ? 'the Api-Key has expired: generate a new one' : `the Api-Key expires in ${daysLeft} days: generate a new one soon`);
    }
  }
  return { lines, warnings, data: { roles, expiresAt, daysLeft } };
}

function classify(status: number, json: unknown): ErrorKind | undefined {
  if ((status === 400 || status === 404) && AUTH_MESSAGE.test(str(json, 'message') ?? '')) return 'auth';
  return classifyByStatus(status, RATE_LIMITED);
}

export const ozon: Provider = {
  id: 'ozon',
  examples: {
    api: [
      ['mkt api ozon', 'every Ozon operation: method, path, title'],
      ['mkt api ozon остатки', 'search titles and paths (English works too: stocks, fbs)'],
      ['mkt api ozon /v2/products/stocks', 'describe one: reads or writes, required fields, paging'],
      ['mkt api ozon /v2/products/stocks --example'],
      ['mkt api --spec seller-swagger.json ozon /v4/posting/fbs/list'],
    ],
    demo: [
      ['mkt call ozon /v3/product/list limit:=3 --filter result.items[].offer_id'],
      ['mkt call ozon /v1/actions --filter result[].title'],
      ['mkt call ozon /v3/product/list limit:=1000 --paginate --items --filter offer_id --max-pages 3', 'offer ids'],
      ['mkt call ozon /v1/roles --curl'],
    ],
    top: [['mkt login ozon', 'save Client-Id + Api-Key (prompted, verified, kept in the keychain)']],
    login: [
      ['mkt login ozon', 'prompt on the terminal'],
      ["printf 'OZON_CLIENT_ID=123\\nOZON_API_KEY=%s\\n' \"$KEY\" | mkt login ozon --stdin"],
    ],
    call: [
      ['mkt call ozon POST /v1/seller/info'],
      ["mkt call ozon /v3/product/list filter:='{}' last_id= limit:=100"],
      ['mkt call ozon /v3/product/list limit:=1000 --paginate --items > products.jsonl'],
      ["mkt call ozon /v3/product/list limit:=100 --filter 'result.items[].offer_id'"],
    ],
    headers: [
      ['mkt headers ozon', 'Client-Id: ... / Api-Key: ...'],
      ['eval "curl -X POST $(mkt headers ozon --format curl) https://api-seller.ozon.ru/v1/roles -d \'{}\'"'],
    ],
    whoami: [['mkt whoami ozon --json', 'roles, key expiry, company']],
    exec: [['mkt exec ozon -- python sync.py']],
    logout: [['mkt logout ozon']],
  },
  title: 'Ozon Seller API',
  docsUrl: 'https://docs.ozon.ru/api/seller/',
  baseUrl: 'https://api-seller.ozon.ru',
  baseUrlEnv: 'OZON_API_URL',
  fields: [
    {
      key: 'clientId', label: 'Client-Id', secret: false, env: 'OZON_CLIENT_ID', flag: '--client-id',
      pattern: /^[1-9]\d{0,18}$/, patternHint: 'a positive integer, e.g. 123456',
      hint: 'shown on the API keys page of the seller cabinet',
    },
    { key: 'apiKey', label: 'Api-Key', secret: true, env: 'OZON_API_KEY', hint: 'shown only once, when the key is generated' },
  ],
  authorize: (c) => ({ 'Client-Id': c.clientId ?? '', 'Api-Key': c.apiKey ?? '' }),
  verify: () => ({
    request: { method: 'POST', path: '/v1/roles', body: {} },
    identity,
    enrich: {
      request: { method: 'POST', path: '/v1/seller/info', body: {} },
      apply(id, json) {
        const company = str(json, 'company', 'name');
        if (!company) return;
        id.lines.unshift(['company', company]);
        id.data.company = company;
      },
    },
  }),
  classify,
  errorMessage: (json) => str(json, 'message'),
  rateLimit: {
    statuses: RATE_LIMITED,
    waitMs: (headers, _json, now) => retryAfterMs(headers['retry-after'], now),
  },
  pace: { perSecond: 50, parallel: 8 },
  paginate: ozonPagination,
  // Its six GETs, and which operations only read, are the endpoint catalog's (src/catalog/index/ozon.json).
  defaultMethod: () => 'POST',
  emptyBody: '{}',
  guide: [
    'Log in to seller.ozon.ru with an account that has administrator rights.',
    'Click your avatar (top right) → Настройки (Settings) → API ключи (API keys) / Seller API.',
    'Client-Id is generated for you and shown on that page: copy it.',
    'Click «Сгенерировать ключ» (Generate key), name it, pick a role (Администратор = all methods), confirm.',
    'The Api-Key is shown only once: copy it now. It expires after 6 months (Ozon docs); `mkt whoami ozon` shows the date.',
  ],
};
