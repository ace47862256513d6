import type { Method, Provider } from './types.js';
import { str } from './json.js';
import { classifyByStatus } from './classify.js';
import { wbHosts } from './wb-hosts.js';
import { readToken, tokenOf } from './wb-token.js';
import { inspectWb, verifyWb } from './wb-verify.js';

const RATE_LIMITED = [429];

/**
 * The GETs that change something (WB's specs mark them `x-readonly-method: false`): starting,
 * pausing, stopping or deleting a campaign. Matched at the end of the path (a base URL may add a prefix).
 */
const GET_WRITES = ['/adv/v0/start', '/adv/v0/pause', '/adv/v0/stop', '/adv/v0/delete', '/adv/v1/search/set-plus'];

function readOnly(method: Method, path: string): boolean {
  if (method === 'HEAD') return true;
  const bare = path.split(/[?#]/)[0] ?? '';
  return method === 'GET' && !GET_WRITES.some((w) => bare.endsWith(w));
}

/**
 * WB's three error shapes: `{title, detail}` (most hosts, every 401/429), `{error: true, errorText}`
 * (content, prices) and `{code, message}` (marketplace).
 */
function errorMessage(json: unknown): string | undefined {
  const title = str(json, 'title');
  const detail = str(json, 'detail');
  if (title || detail) return [title, detail].filter(Boolean).join(': ');
  const text = str(json, 'errorText');
  if (text) return text;
  const message = str(json, 'message');
  return message ? [str(json, 'code'), message].filter(Boolean).join(': ') : undefined;
}

/** `X-Ratelimit-Retry`: seconds until a retry is let in, sent with every 429 (api-information, "Rate Limits"). */
function waitMs(headers: Record<string, string>): number | undefined {
  const seconds = Number(headers['x-ratelimit-retry']);
  return headers['x-ratelimit-retry'] !== undefined && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

export const wb: Provider = {
  id: 'wb',
  aliases: ['wildberries'],
  examples: {
    demo: [
      ['mkt call wb GET /api/v3/warehouses --filter [].name', 'warehouses (marketplace-api)'],
      ['mkt call wb /ping --curl'],
    ],
    login: [['echo "$WB_API_TOKEN" | mkt login wb --stdin', 'the token alone, without "Bearer "']],
    call: [
      ['mkt call wb GET /api/v3/orders/new', 'the host comes from the path: marketplace-api.wildberries.ru'],
      ['mkt call wb https://content-api.wildberries.ru/ping', "a full URL on one of WB's hosts"],
    ],
    whoami: [['mkt whoami wb', 'seller, token type, categories, expiry, a ping of each category']],
  },
  title: 'Wildberries API',
  docsUrl: 'https://dev.wildberries.ru/openapi/api-information',
  baseUrl: 'https://common-api.wildberries.ru',
  baseUrlEnv: 'WB_API_URL',
  hosts: wbHosts((token) => tokenOf(token)?.test ?? false),
  fields: [
    {
      key: 'token', label: 'API token', secret: true, env: 'WB_API_TOKEN',
      pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, patternHint: "a JWT: three base64url parts joined by dots (eyJ…), without 'Bearer '",
      check: (value) => {
        const read = readToken(value);
        return typeof read === 'string' ? read : undefined;
      },
      hint: 'a JWT (eyJ…), shown once when it is created; valid 180 days',
    },
  ],
  // WB's specs: `Authorization: <token>` (apiKey in the Authorization header); its knowledge base
  // writes `Bearer <token>`, which WB takes too. mkt sends the token as the specs do.
  authorize: (c) => ({ Authorization: c.token ?? '' }),
  inspect: inspectWb,
  verify: verifyWb,
  classify: (status) => classifyByStatus(status, RATE_LIMITED),
  errorMessage,
  rateLimit: { statuses: RATE_LIMITED, waitMs },
  // No paging rule: pacing only matters to --paginate. The Marketplace category's documented limit
  // is 300 requests a minute (5/s) with bursts of 20; other categories' are lower, per method.
  pace: { perSecond: 5, parallel: 2 },
  readOnly,
  guide: [
    'Seller account (seller.wildberries.ru) → API Integrations (Интеграции по API) → «+ Create token» → «Manual integration».',
    'Choose the type (Personal for your own programs, Base otherwise, Test for the WB sandbox), name it, pick the categories, and Read only or Read and Write.',
    'Click Create, then «Copy and close»: the token (a JWT, eyJ…) is not shown again. It is valid for 180 days.',
    'One token works on every WB host (content-api, marketplace-api, …) its categories allow: mkt picks the host from the path.',
    '`mkt whoami wb` decodes the token offline (type, categories, read only, expiry) and pings each category.',
  ],
};
