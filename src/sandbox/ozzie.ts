import { SANDBOX_CREDENTIALS } from './credentials.js';
import { OzzieUsers } from './ozzie-users.js';
import { FixedWindows, type WindowResult } from './rate-limit.js';
import { header, json, parseJsonBody, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';

const MINUTE_MS = 60_000;

const SECRETS = new Map<string, string>([
  [SANDBOX_CREDENTIALS.ozzie.valid.clientId, SANDBOX_CREDENTIALS.ozzie.valid.clientSecret],
  [SANDBOX_CREDENTIALS.ozzie.other.clientId, SANDBOX_CREDENTIALS.ozzie.other.clientSecret],
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
}

/** Ozzie: Bearer base64(client_id:client_secret), users scoped to the client, X-RateLimit-* on every answer. */
export function ozzieSandbox(opts: OzzieOptions): ProviderSandbox {
  const windows = new FixedWindows(opts.ratePerMinute, MINUTE_MS);
  const users = new OzzieUsers([...SECRETS.keys()]);

  function route(req: SandboxRequest, clientId: string, rate: Record<string, string>): Reply {
    if (req.method === 'GET' && req.path === '/v1/users') {
      const limit = intParam(req.query.get('limit'), 20);
      const offset = intParam(req.query.get('offset'), 0);
      if (limit === undefined || limit < 1 || limit > 100) return invalid('limit must be an integer from 1 to 100', rate);
      if (offset === undefined || offset < 0) return invalid('offset must be a non-negative integer', rate);
      return json(200, users.list(clientId, limit, offset), rate);
    }
    if (req.method === 'POST' && req.path === '/v1/users') {
      const body = parseJsonBody(req.body);
      if (!body.ok) return invalid(body.message, rate);
      const created = users.create(clientId, body.value, req.now);
      if ('user' in created) return json(201, created.user, rate);
      return created.conflict ? ozzieError(409, 'CONFLICT', created.message, [], rate) : invalid(created.message, rate);
    }
    const one = /^\/v1\/users\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && one?.[1]) {
      const user = users.get(clientId, decodeURIComponent(one[1]));
      return user ? json(200, user, rate) : ozzieError(404, 'NOT_FOUND', 'User not found.', [], rate);
    }
    return ozzieError(404, 'NOT_FOUND', 'The requested endpoint does not exist.', [], rate);
  }

  return {
    handle(req: SandboxRequest): Reply {
      const clientId = authenticate(req);
      // Unauthenticated calls are counted apart, so a wrong secret cannot spend a real client's quota.
      const window = windows.hit(clientId ?? `anonymous:${req.remoteAddress}`, req.now);
      const rate = rateHeaders(window);
      if (!clientId) return ozzieError(401, 'UNAUTHORIZED', 'Invalid or missing authorization credentials.', [], rate);
      if (!window.ok) {
        const resetAt = Math.floor(window.resetAt / 1000);
        return ozzieError(
          429, 'RATE_LIMIT_EXCEEDED', 'You have exceeded the rate limit for this window. Please retry after the reset time.',
          [{ reset_at: resetAt, limit: window.limit, window: '1 minute' }], rate,
        );
      }
      return route(req, clientId, rate);
    },
    errorReply: (status) =>
      ozzieError(status, status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR', status === 503 ? 'The service is temporarily unavailable.' : 'An internal error occurred.'),
    reset: () => windows.reset(),
  };
}

const invalid = (message: string, rate: Record<string, string>): Reply => ozzieError(400, 'VALIDATION_ERROR', message, [], rate);

function intParam(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}
