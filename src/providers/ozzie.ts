import type { Method, Provider } from './types.js';
import { arr, str } from './json.js';
import { classifyByStatus } from './classify.js';
import { ozziePagination } from './ozzie-pages.js';

const RATE_LIMITED = [429];

/** At most this many of a 422's field failures go into the one-line error. */
const DETAILS_SHOWN = 3;

/** `CODE: message`, then the fields a VALIDATION_ERROR names (`details: [{field, message}]`). */
function errorMessage(json: unknown): string | undefined {
  const code = str(json, 'error', 'code');
  const message = str(json, 'error', 'message');
  if (!message) return undefined;
  const fields = (arr(json, 'error', 'details') ?? [])
    .map((d) => [str(d, 'field'), str(d, 'message')])
    .filter((pair): pair is [string, string] => pair[0] !== undefined && pair[1] !== undefined);
  const shown = fields.slice(0, DETAILS_SHOWN).map(([field, why]) => `${field}: ${why}`);
  if (fields.length > DETAILS_SHOWN) shown.push(`${fields.length - DETAILS_SHOWN} more`);
  const text = code ? `${code}: ${message}` : message;
  return shown.length > 0 ? `${text} (${shown.join('; ')})` : text;
}

export const ozzie: Provider = {
  id: 'ozzie',
  examples: {
    demo: [
      ['mkt call ozzie POST /v1/users external_user_id=demo-1 name=Alex language=en'],
      ['mkt call ozzie GET /v1/users --paginate --items --filter external_user_id', 'Ozzie users, page by page'],
    ],
    login: [['mkt login ozzie --from-env --store file', 'encrypted file instead of the keychain']],
    call: [["mkt call ozzie POST /v1/users external_user_id=u1 name='Alex' language=en"]],
    headers: [['eval "$(mkt headers ozzie --format env)"', 'export OZZIE_CLIENT_ID=... OZZIE_CLIENT_SECRET=...']],
  },
  title: 'Ozzie API',
  docsUrl: 'https://developers.ozzieapp.com/docs',
  baseUrl: 'https://api.ozzieapp.com',
  baseUrlEnv: 'OZZIE_API_URL',
  fields: [
    {
      key: 'clientId', label: 'client_id', secret: false, env: 'OZZIE_CLIENT_ID', flag: '--client-id',
      // The docs' example is ozz_client_a1b2c3d4; secrets start sk_live_ / sk_test_ and fail this.
      pattern: /^ozz_client_[A-Za-z0-9_-]+$/, patternHint: 'ozz_client_ then letters and digits, e.g. ozz_client_a1b2c3d4',
      hint: 'looks like ozz_client_...; safe to show',
    },
    { key: 'clientSecret', label: 'client_secret', secret: true, env: 'OZZIE_CLIENT_SECRET', hint: 'looks like sk_live_...; shown only once' },
  ],
  authorize: (c) => ({
    Authorization: `Bearer ${Buffer.from(`${c.clientId ?? ''}:${c.clientSecret ?? ''}`).toString('base64')}`,
  }),
  // No identity endpoint is documented: a cheap authenticated read proves the pair is accepted. The
  // user list is scoped to the client, so any accepted pair can read it, even with no users yet
  // (docs/providers.md, "whoami"). Not a lookup by `external:` id: that creates the user.
  verify: (c) => ({
    request: { method: 'GET', path: '/v1/users?limit=1' },
    identity: () => ({
      lines: [['client_id', c.clientId ?? ''], ['credentials', 'accepted']],
      warnings: [],
      data: { clientId: c.clientId, accepted: true },
    }),
  }),
  classify: (status) => classifyByStatus(status, RATE_LIMITED),
  errorMessage,
  rateLimit: {
    statuses: RATE_LIMITED,
    waitMs: (headers, _json, now) => {
      const reset = Number(headers['x-ratelimit-reset']);
      return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
    },
  },
  // Under the docs' example limit, 1000 requests a minute (X-RateLimit-Limit: 1000, window "1 minute").
  pace: { perSecond: 15, parallel: 4 },
  paginate: ozziePagination,
  readOnly: (method: Method) => method === 'GET' || method === 'HEAD',
  shellAuth: { Authorization: 'Bearer $(printf %s "$OZZIE_CLIENT_ID:$OZZIE_CLIENT_SECRET" | base64 | tr -d \'\\n\')' },
  guide: [
    'Log in to the Ozzie dashboard → Settings → API Keys and generate a client_id / client_secret pair',
    '(or ask commercial@ozzieapp.com for access).',
    'client_id (ozz_client_...) is safe to log; client_secret (sk_live_...) is shown only once — store it now.',
    'mkt sends them as Authorization: Bearer base64(client_id:client_secret).',
  ],
};
