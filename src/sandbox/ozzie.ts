import { OZZIE_CREDENTIALS } from './ozzie-credentials.js';
import type { FieldError } from './ozzie-fields.js';
import { OzzieUsers, type OzzieUser } from './ozzie-users.js';
import { FixedWindows, type WindowResult } from './rate-limit.js';
import { header, json, parseJsonBody, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';

const MINUTE_MS = 60_000;

const SECRETS = new Map<string, string>([
  [OZZIE_CREDENTIALS.valid.clientId, OZZIE_CREDENTIALS.valid.clientSecret],
  [OZZIE_CREDENTIALS.other.clientId, OZZIE_CREDENTIALS.other.clientSecret],
]);

export function ozzieError(status: number, code: string, message: string, details: unknown[] = [], headers?: Record<string, string>): Reply {
  return json(status, { error: { code, message, details } }, headers);
}

/** The client_id whose secret matches, from `Authorization: Bearer base64(client_id:client_secret)`. */
function authenticate(req: SandboxRequest): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9+/=_-]+)$/.exec(header(req.headers, 'authorization')?.trim() ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  const clientId = decoded.slice(0, colon);
  return SECRETS.get(clientId) === decoded.slice(colon + 1) ? clientId : undefined;
}

const rateHeaders = (w: WindowResult): Record<string, string> => ({
  'X-RateLimit-Limit': String(w.limit),
  'X-RateLimit-Remaining': String(w.remaining),
  'X-RateLimit-Reset': String(Math.floor(w.resetAt / 1000)),
});

export interface OzzieOptions {
  ratePerMinute: number;
  /** Users each client starts with. */
  users: number;
}

/** `GET /v1/users` paging: `limit` default 10, at most 50, as the docs give for their paged list (money-moves). */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

/** Ozzie: Bearer base64(client_id:client_secret), users scoped to the client, X-RateLimit-* on every answer. */
export function ozzieSandbox(opts: OzzieOptions): ProviderSandbox {
  const windows = new FixedWindows(opts.ratePerMinute, MINUTE_MS);
  const users = new OzzieUsers([...SECRETS.keys()], opts.users);

  function listUsers(req: SandboxRequest, clientId: string, rate: Record<string, string>): Reply {
    const limit = intParam(req.query.get('limit'), DEFAULT_LIMIT);
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return invalid([{ field: 'limit', message: `Must be an integer from 1 to ${MAX_LIMIT}` }], rate);
    const externalId = req.query.get('external_user_id');
    if (externalId !== null) {
      const found = users.byExternalId(clientId, externalId);
      return json(200, { object: 'list', data: found ? [found] : [], has_more: false, next_cursor: null }, rate);
    }
    const page = users.list(clientId, limit, req.query.get('cursor') || undefined);
    if (!page) return invalid([{ field: 'cursor', message: 'Must be a next_cursor from a previous page' }], rate);
    return json(200, page, rate);
  }

  function getUser(clientId: string, userId: string, now: number, rate: Record<string, string>): Reply {
    if (userId.startsWith(EXTERNAL)) {
      const provisioned = users.provision(clientId, userId.slice(EXTERNAL.length), now);
      return 'user' in provisioned ? json(200, wrapped(provisioned.user), rate) : invalid(provisioned.errors, rate);
    }
    const user = users.get(clientId, userId);
    return user ? json(200, wrapped(user), rate) : ozzieError(404, 'NOT_FOUND', 'User not found.', [], rate);
  }

  function route(req: SandboxRequest, clientId: string, rate: Record<string, string>): Reply {
    if (req.method === 'GET' && req.path === '/v1/users') return listUsers(req, clientId, rate);
    if (req.method === 'POST' && req.path === '/v1/users') {
      const body = parseJsonBody(req.body);
      if (!body.ok) return ozzieError(400, 'INVALID_JSON', 'The request body could not be parsed as JSON.', [], rate);
      const created = users.create(clientId, body.value, req.now);
      if ('user' in created) return json(201, wrapped(created.user), rate);
      return 'conflict' in created ? ozzieError(409, 'CONFLICT', created.conflict, [], rate) : invalid(created.errors, rate);
    }
    const one = /^\/v1\/users\/([^/]+)$/.exec(req.path);
    const userId = one?.[1] === undefined ? undefined : decoded(one[1]);
    if (req.method === 'GET' && userId !== undefined) return getUser(clientId, userId, req.now, rate);
    return ozzieError(404, 'NOT_FOUND', 'The requested endpoint does not exist.', [], rate);
  }

  return {
    handle(req: SandboxRequest): Reply {
      const clientId = authenticate(req);
      // Unauthenticated calls are counted apart, so a wrong secret cannot spend a real client's quota.
      const window = windows.hit(clientId ?? `anonymous:${req.remoteAddress}`, req.now);
      const rate = rateHeaders(window);
      if (!clientId) return ozzieError(401, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE, [], rate);
      if (!window.ok) {
        const resetAt = Math.floor(window.resetAt / 1000);
        return ozzieError(429, 'RATE_LIMIT_EXCEEDED', RATE_LIMITED_MESSAGE, [{ reset_at: resetAt, limit: window.limit, window: '1 minute' }], rate);
      }
      return route(req, clientId, rate);
    },
    errorReply: injectedError,
    reset: () => windows.reset(),
  };
}

/** `external:{your_id}` in place of a user id: an external-id lookup (docs: External ID Integration). */
const EXTERNAL = 'external:';
const UNAUTHORIZED_MESSAGE = 'Invalid or missing authorization credentials.';
const RATE_LIMITED_MESSAGE = 'You have exceeded the rate limit for this window. Please retry after the reset time.';

/** A single object travels wrapped: `{"object":"user","data":{…}}` (docs: The User Object). */
const wrapped = (user: OzzieUser) => ({ object: 'user', data: user });

/** A body that is JSON but has bad values: 422 (docs: Errors, VALIDATION_ERROR). */
const invalid = (details: FieldError[], rate: Record<string, string>): Reply =>
  ozzieError(422, 'VALIDATION_ERROR', 'One or more fields failed validation.', details, rate);

/** For an injected status: the documented code where there is one. */
const INJECTED: Record<number, [string, string]> = {
  401: ['UNAUTHORIZED', UNAUTHORIZED_MESSAGE],
  404: ['NOT_FOUND', 'The requested resource does not exist.'],
  422: ['VALIDATION_ERROR', 'One or more fields failed validation.'],
  429: ['RATE_LIMIT_EXCEEDED', RATE_LIMITED_MESSAGE],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'],
};

function injectedError(status: number): Reply {
  const [code, message] = INJECTED[status] ?? ['INTERNAL_ERROR', 'An internal error occurred.'];
  return ozzieError(status, code, message);
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function intParam(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}
