import type { Credentials, Headers, Identity, Provider } from './types.js';
import { arr, at, str, untilMs } from './json.js';
import { classifyByStatus } from './classify.js';
import { yandexPagination } from './yandex-pages.js';

/** Yandex answers a rate limit with 420, not 429; 429 is kept for safety. */
const RATE_LIMITED = [420, 429];

/** Legacy OAuth tokens (y0_...) go as a Bearer token; Api-Key tokens (ACMA:...) in `Api-Key`. */
export const isOauthToken = (token: string): boolean => /^y[0-9]_/.test(token);

/**
 * A token scope as the spec names it on operations (`x-auth-scopes`): `PRICING_READ_ONLY` →
 * `pricing:read-only`. The 14 `authScopes` values of `getAuthTokenInfo` and the 14 `x-auth-scopes`
 * names pair one to one so (docs/providers.md).
 */
export const specScope = (scope: string): string => scope.toLowerCase().replace(/_read_only$/, ':read-only').replace(/_/g, '-');

function keyIdentity(json: unknown): Identity | undefined {
  if (typeof at(json, 'result', 'apiKey') !== 'object' || at(json, 'result', 'apiKey') === null) return undefined;
  const name = str(json, 'result', 'apiKey', 'name') ?? '(unnamed)';
  const scopes = (arr(json, 'result', 'apiKey', 'authScopes') ?? []).filter((s): s is string => typeof s === 'string');
  return {
    lines: [['token', name], ['scopes', scopes.join(', ') || '(none)']],
    warnings: [],
    data: { tokenName: name, scopes, tokenType: 'api-key' },
    scopes: scopes.map(specScope),
  };
}

/** `GET /v2/campaigns` answers `{campaigns, paging}` at the top level (spec, `getCampaigns`): no `result` wrapper. */
function oauthIdentity(json: unknown): Identity | undefined {
  const campaigns = arr(json, 'campaigns');
  if (!campaigns) return undefined;
  const more = str(json, 'paging', 'nextPageToken') ? ' (more on later pages)' : '';
  return {
    lines: [['token', 'OAuth (legacy)'], ['campaigns', `${campaigns.length}${more}`]],
    warnings: ['OAuth tokens are legacy: create an Api-Key token in the cabinet (Settings → APIs and modules)'],
    data: { tokenType: 'oauth', campaigns: campaigns.length },
  };
}

/**
 * A 420 over the parallel limit ("Hit rate limit of N parallel requests") frees as soon as a request
 * ends, but carries the hourly resource headers every answer has — with requests remaining and Until
 * at the end of the hour. Only a 420 with nothing remaining is waited until Until; the other is
 * backed off (docs: concepts/limits, concepts/error-codes "Ошибки 420").
 */
function waitMs(headers: Headers, json: unknown, now: number): number | undefined {
  const remaining = Number(headers['x-ratelimit-resource-remaining']);
  const parallel = /parallel requests/i.test(errorMessage(json) ?? '') || remaining > 0;
  return parallel ? undefined : untilMs(headers['x-ratelimit-resource-until'], now);
}

/**
 * `POST /v2/auth/token` is limited to 100 calls an hour per token (spec `x-resource-limit-config`:
 * `limit: 100, period: hours`); every answer says where the hour stands (docs: concepts/limits).
 */
const TOKEN_CHECKS = {
  id: 'auth/token',
  rule: 'Yandex allows 100 token checks an hour (POST /v2/auth/token)',
  read(headers: Headers): { remaining: number; until: number } | undefined {
    const remaining = Number(headers['x-ratelimit-resource-remaining']);
    const until = Date.parse(headers['x-ratelimit-resource-until'] ?? '');
    return headers['x-ratelimit-resource-remaining'] === undefined || !Number.isFinite(remaining) || Number.isNaN(until) ? undefined : { remaining, until };
  },
};

function errorMessage(json: unknown): string | undefined {
  const errors = arr(json, 'errors');
  if (!errors?.length) return str(json, 'message');
  return errors.map((e) => [str(e, 'code'), str(e, 'message')].filter(Boolean).join(': ')).join('; ');
}

export const yandex: Provider = {
  id: 'yandex',
  examples: {
    api: [['mkt api yandex GET /v2/campaigns', 'one method of a path that has several']],
    demo: [['mkt call yandex GET /v2/campaigns limit==2 --json']],
    top: [['mkt call yandex GET /v2/campaigns', 'an authenticated request']],
    login: [['echo "$YANDEX_TOKEN" | mkt login yandex --stdin --profile shop2']],
    call: [
      ['mkt call yandex GET /v2/campaigns limit==50 --paginate'],
      ['mkt call yandex /v2/campaigns --curl'],
    ],
    exec: [['mkt exec yandex --profile shop2 -- node export.js']],
    logout: [['mkt logout yandex --profile shop2']],
  },
  aliases: ['yandex-market', 'ym', 'market'],
  title: 'Yandex Market Partner API',
  docsUrl: 'https://yandex.ru/dev/market/partner-api/doc/',
  baseUrl: 'https://api.partner.market.yandex.ru',
  baseUrlEnv: 'YANDEX_MARKET_API_URL',
  fields: [
    { key: 'token', label: 'Api-Key token', secret: true, env: 'YANDEX_MARKET_API_KEY', hint: 'looks like ACMA:...:...; legacy OAuth tokens (y0_...) work too' },
  ],
  authorize: (c: Credentials): Record<string, string> => {
    const token = c.token ?? '';
    return isOauthToken(token) ? { Authorization: `Bearer ${token}` } : { 'Api-Key': token };
  },
  verify: (c) =>
    isOauthToken(c.token ?? '')
      ? { request: { method: 'GET', path: '/v2/campaigns' }, identity: oauthIdentity }
      : { request: { method: 'POST', path: '/v2/auth/token' }, identity: keyIdentity, budget: TOKEN_CHECKS },
  classify: (status) => classifyByStatus(status, RATE_LIMITED),
  errorMessage,
  rateLimit: { statuses: RATE_LIMITED, waitMs },
  // At most 2 requests in flight (docs: concepts/limits); the spec sets no per-second limit, only
  // hourly ones per method, so 20/s is mkt's own ceiling.
  pace: { perSecond: 20, parallel: 2 },
  // "Keep-Alive не поддерживается" (docs: concepts/method-call).
  keepAlive: false,
  paginate: yandexPagination,
  guide: [
    'Only the cabinet owner or a cabinet manager can create tokens.',
    'In the seller cabinet on the Market: your account icon → Settings → APIs and modules (API и модули).',
    'In the «Authorization tokens» block click «Create a new token», name it, choose the access rights, click Create.',
    'The token (ACMA:...) never expires and stays valid until you delete it; a cabinet can have at most 30.',
    'Checking a token (`mkt whoami yandex`) is limited by Yandex to 100 calls an hour.',
  ],
};
