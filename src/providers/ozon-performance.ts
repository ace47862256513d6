import type { Credentials, Headers, Identity, Method, Provider, TokenGrant } from './types.js';
import { arr, at, num, retryAfterMs, str } from './json.js';
import { classifyByStatus } from './classify.js';

const RATE_LIMITED = [429];
const TOKEN_ENV = 'OZON_PERFORMANCE_ACCESS_TOKEN';

/**
 * GETs that change something or start work that counts against a limit, so they are never retried:
 * all-products promotion switched on or off or its bid set, and the two all-products reports (each
 * one an export of the daily quota). From the Performance API's OpenAPI document (docs/providers.md).
 */
const GET_WRITES = [
  '/api/client/campaign/all_sku_promo/activate',
  '/api/client/campaign/all_sku_promo/deactivate',
  '/api/client/campaign/all_sku_promo/set_bid',
  '/api/client/statistics/all_sku_promo/orders/generate',
  '/api/client/statistics/all_sku_promo/products/generate',
];

/** POSTs that only look things up (minimum and recommended bids, the promoted products). Every other POST is a write. */
const POST_READS = [
  '/api/client/min/sku',
  '/api/client/campaign/search_promo/v2/products',
  '/api/client/search_promo/get_cpo_min_bids',
  '/api/client/search_promo/bids/recommendation',
];

/** The end of the path: a base URL may carry a prefix of its own (a proxy, the sandbox's /ozon-performance). */
function readOnly(method: Method, path: string): boolean {
  const bare = path.split(/[?#]/)[0] ?? '';
  const listed = (paths: string[]) => paths.some((p) => bare.endsWith(p));
  if (method === 'GET' || method === 'HEAD') return !listed(GET_WRITES);
  return method === 'POST' && listed(POST_READS);
}

/** The API's own errors are `{"error": "..."}`; the token endpoint may add OAuth's `error_description`. */
function errorMessage(json: unknown): string | undefined {
  const error = str(json, 'error');
  const description = str(json, 'error_description');
  return error && description ? `${error}: ${description}` : (description ?? error);
}

/** `expires_in` is seconds; a proto3 JSON int64 may come as a string of digits. */
function seconds(json: unknown): number | undefined {
  const value = num(json, 'expires_in') ?? Number(str(json, 'expires_in'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

const token: TokenGrant = {
  request: (c) => ({
    method: 'POST',
    path: '/api/client/token',
    body: { client_id: c.clientId ?? '', client_secret: c.clientSecret ?? '', grant_type: 'client_credentials' },
  }),
  read(json) {
    const accessToken = str(json, 'access_token');
    const type = str(json, 'token_type');
    const expiresInSec = seconds(json);
    if (!accessToken || expiresInSec === undefined || (type !== undefined && type.toLowerCase() !== 'bearer')) return undefined;
    return { accessToken, expiresInSec };
  },
  env: TOKEN_ENV,
};

/** The campaign list is the account's own: reading it proves the token, and so the pair, is accepted. */
function identity(json: unknown, creds: Credentials): Identity | undefined {
  if (!Array.isArray(at(json, 'list'))) return undefined;
  const first = str(json, 'list', 0, 'title');
  const campaigns = (arr(json, 'list') ?? []).length > 0 ? `readable${first ? ` (first: ${first})` : ''}` : 'readable (none yet)';
  return {
    lines: [['client_id', creds.clientId ?? ''], ['campaigns', campaigns]],
    warnings: [],
    data: { clientId: creds.clientId, campaignsReadable: true },
  };
}

export const ozonPerformance: Provider = {
  id: 'ozon-performance',
  aliases: ['ozon-ads'],
  examples: {
    top: [['mkt login ozon-performance', 'save the client_id + client_secret of an Ozon Performance service account']],
    login: [['mkt login ozon-performance', 'client_id (…@advertising.performance.ozon.ru), then client_secret, prompted']],
    call: [
      ['mkt call ozon-performance /api/client/campaign', 'the advertising campaigns; the access token is exchanged and cached for you'],
      ['mkt call ozon-performance /api/client/statistics/daily dateFrom==2026-11-01 dateTo==2026-11-07'],
    ],
    headers: [
      ['mkt headers ozon-performance', 'Authorization: Bearer <a token valid for at least a minute more>'],
    ],
    whoami: [['mkt whoami ozon-performance', 'exchanges (or reuses) the access token and reads the campaign list']],
    exec: [['mkt exec ozon-performance --with-token -- python ads.py', `OZON_PERFORMANCE_CLIENT_ID/_SECRET and ${TOKEN_ENV}`]],
    logout: [['mkt logout ozon-performance', 'the pair and its cached access token']],
    demo: [['mkt call ozon-performance /api/client/campaign --filter list[].title', 'advertising campaigns']],
  },
  title: 'Ozon Performance API',
  docsUrl: 'https://docs.ozon.ru/api/performance/',
  baseUrl: 'https://api-performance.ozon.ru',
  baseUrlEnv: 'OZON_PERFORMANCE_API_URL',
  fields: [
    {
      key: 'clientId', label: 'client_id', secret: false, env: 'OZON_PERFORMANCE_CLIENT_ID', flag: '--client-id',
      pattern: /^[A-Za-z0-9._-]+@advertising\.performance\.ozon\.ru$/,
      patternHint: 'an address ending in @advertising.performance.ozon.ru',
      hint: 'shown beside the key of the service account; safe to show',
    },
    { key: 'clientSecret', label: 'client_secret', secret: true, env: 'OZON_PERFORMANCE_CLIENT_SECRET', hint: 'shown when the key is added to the service account' },
  ],
  authorize: (_c, accessToken): Headers => (accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` }),
  token,
  verify: () => ({ request: { method: 'GET', path: '/api/client/campaign?page=1&pageSize=1' }, identity }),
  classify: (status) => classifyByStatus(status, RATE_LIMITED),
  errorMessage,
  rateLimit: {
    statuses: RATE_LIMITED,
    waitMs: (headers, _json, now) => retryAfterMs(headers['retry-after'], now),
  },
  // Only a daily limit is documented (100,000 requests): a gentle ceiling of mkt's own.
  pace: { perSecond: 10, parallel: 2 },
  readOnly,
  // Bodiless POSTs (activate, deactivate) take an empty object, the spec's required `Empty` body.
  emptyBody: '{}',
  shellAuth: { Authorization: `Bearer $${TOKEN_ENV}` },
  guide: [
    'Log in to seller.ozon.ru → Настройки (Settings) → API-ключи (API keys) → the Performance API tab.',
    'Create a service account if there is none («Создать новый аккаунт»), click its name, then «Добавить новый ключ» (add a key).',
    'Copy the client_id (…@advertising.performance.ozon.ru) and the client_secret of the key.',
    'mkt trades them for an access token (POST /api/client/token, valid 30 minutes), keeps it with the secret and renews it itself.',
  ],
};
