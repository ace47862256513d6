import { SANDBOX_CREDENTIALS } from './credentials.js';
import { FixedWindows, InFlight, type WindowResult } from './rate-limit.js';
import { header, json, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
const HOUR_MS = 3_600_000;

type ErrorCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'LIMIT_EXCEEDED' | 'BAD_REQUEST' | 'NOT_FOUND' | 'INTERNAL_ERROR';

const error = (status: number, code: ErrorCode, message: string, headers?: Record<string, string>): Reply =>
  json(status, { status: 'ERROR', errors: [{ code, message }] }, headers);

/** Yandex answers rate limits with 420 and says when the resource frees; it sends no Retry-After. */
function limitHeaders(limit: number, remaining: number, until: number): Record<string, string> {
  return {
    'X-RateLimit-Resource-Limit': String(limit),
    'X-RateLimit-Resource-Remaining': String(remaining),
    'X-RateLimit-Resource-Until': new Date(until).toUTCString(),
  };
}

const windowHeaders = (w: WindowResult): Record<string, string> => limitHeaders(w.limit, w.remaining, w.resetAt);
const nextWholeSecond = (ms: number): number => Math.ceil(ms / 1000) * 1000;

function campaignAt(index: number): Record<string, unknown> {
  const n = index + 1;
  return {
    id: 21_000_000 + n,
    domain: `shop-${String(n).padStart(3, '0')}.sandbox.market`,
    clientId: 31_000_000 + n,
    business: { id: 41_000_001, name: 'Песочница' },
    placementType: ['FBS', 'FBY', 'DBS', 'EXPRESS'][index % 4],
    apiAvailability: 'AVAILABLE',
  };
}

const encodePageToken = (index: number): string => Buffer.from(`campaigns:${index}`).toString('base64url');

function decodePageToken(token: string): number | undefined {
  if (token === '') return 0;
  const m = /^campaigns:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

type TokenKind = 'api-key' | 'oauth';

function readToken(req: SandboxRequest): { token: string; kind: TokenKind } | undefined {
  const apiKey = header(req.headers, 'api-key')?.trim();
  if (apiKey) return { token: apiKey, kind: 'api-key' };
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header(req.headers, 'authorization') ?? '');
  return m?.[1] ? { token: m[1], kind: 'oauth' } : undefined;
}

const creds = SANDBOX_CREDENTIALS.yandex;
const isAccepted = ({ token, kind }: { token: string; kind: TokenKind }): boolean =>
  kind === 'api-key' ? token === creds.valid.token : token === creds.oauth.token;

export interface YandexOptions {
  campaigns: number;
  ratePerSecond: number;
  parallel: number;
  tokenChecksPerHour: number;
}

/** Yandex Market Partner API: `Api-Key` (or legacy OAuth Bearer), 420 rate limits, page_token paging. */
export function yandexSandbox(opts: YandexOptions): ProviderSandbox {
  const perSecond = new FixedWindows(opts.ratePerSecond, 1000);
  const tokenChecks = new FixedWindows(opts.tokenChecksPerHour, HOUR_MS);
  const inFlight = new InFlight(opts.parallel);

  function listCampaigns(req: SandboxRequest, rate: Record<string, string>): Reply {
    const limitParam = req.query.get('limit');
    const limit = limitParam === null || limitParam === '' ? DEFAULT_PAGE : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      return error(400, 'BAD_REQUEST', `limit must be an integer from 1 to ${MAX_PAGE}`, rate);
    }
    const start = decodePageToken(req.query.get('page_token') ?? '');
    if (start === undefined) return error(400, 'BAD_REQUEST', 'page_token is malformed', rate);
    const end = Math.min(opts.campaigns, start + limit);
    const campaigns = [];
    for (let i = start; i < end; i++) campaigns.push(campaignAt(i));
    const paging = end < opts.campaigns ? { nextPageToken: encodePageToken(end) } : {};
    return json(200, { status: 'OK', result: { campaigns, paging } }, rate);
  }

  function route(req: SandboxRequest, kind: TokenKind, token: string, rate: Record<string, string>): Reply {
    const route = `${req.method} ${req.path}`;
    if (route === 'POST /v2/auth/token') {
      if (kind === 'oauth') return error(403, 'FORBIDDEN', 'this method accepts only Api-Key tokens', rate);
      const hourly = tokenChecks.hit(token, req.now);
      if (!hourly.ok) return error(420, 'LIMIT_EXCEEDED', 'Hit rate limit of 100 requests per hour for resource auth/token', windowHeaders(hourly));
      return json(200, { status: 'OK', result: { apiKey: { name: 'sandbox token', authScopes: ['ALL_METHODS'] } } }, rate);
    }
    if (route === 'GET /v2/campaigns') return listCampaigns(req, rate);
    const one = /^GET \/v2\/campaigns\/(\d+)$/.exec(route);
    if (one) {
      const index = Number(one[1]) - 21_000_001;
      if (index < 0 || index >= opts.campaigns) return error(404, 'NOT_FOUND', `campaign ${one[1]} not found`, rate);
      return json(200, { campaign: campaignAt(index) }, rate);
    }
    return error(404, 'NOT_FOUND', 'method not found', rate);
  }

  return {
    handle(req: SandboxRequest): Reply {
      const presented = readToken(req);
      if (!presented) return error(401, 'UNAUTHORIZED', 'Authorization token is missing: send it in the Api-Key header');
      if (!isAccepted(presented)) return error(403, 'FORBIDDEN', 'Access denied: the token is invalid or has no access to this resource');
      const { token, kind } = presented;

      const second = perSecond.hit(token, req.now);
      if (!second.ok) return error(420, 'LIMIT_EXCEEDED', `Hit rate limit of ${second.limit} requests per second`, windowHeaders(second));
      const release = inFlight.acquire(token);
      if (!release) {
        const until = nextWholeSecond(req.now + 1000);
        return error(420, 'LIMIT_EXCEEDED', `Hit limit of ${inFlight.limit} parallel requests`, limitHeaders(inFlight.limit, 0, until));
      }
      req.onClose(release);
      return route(req, kind, token, windowHeaders(second));
    },
    errorReply: (status) => error(status, 'INTERNAL_ERROR', status === 503 ? 'Service temporarily unavailable' : 'Internal server error'),
    reset() {
      perSecond.reset();
      tokenChecks.reset();
      inFlight.reset();
    },
  };
}
