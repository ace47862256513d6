import { SANDBOX_CREDENTIALS } from './credentials.js';
import { FixedWindows, InFlight, type WindowResult } from './rate-limit.js';
import { header, json, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';
import { asksForPages, flippingPage, regionChildAt, russia, RUSSIA, RUSSIA_CHILDREN } from './yandex-pages.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
/** `GET /v2/regions/{regionId}/children`: `limit` is at most 50 there (spec). */
const MAX_REGION_PAGE = 50;
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

const encodePageToken = (index: number, what = 'campaigns'): string => Buffer.from(`${what}:${index}`).toString('base64url');

function decodePageToken(token: string, what = 'campaigns'): number | undefined {
  if (token === '') return 0;
  const m = new RegExp(`^${what}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** `page_token` + `limit` (the spec's `pageToken`, alias `page_token`): the slice, or the message of a 400. */
function tokenPage(total: number, query: URLSearchParams, what: string, maxSize: number): { start: number; end: number; paging: { nextPageToken?: string } } | string {
  const limitParam = query.get('limit');
  const limit = limitParam === null || limitParam === '' ? Math.min(DEFAULT_PAGE, maxSize) : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSize) return `limit must be an integer from 1 to ${maxSize}`;
  const start = decodePageToken(query.get('page_token') ?? query.get('pageToken') ?? '', what);
  if (start === undefined) return 'page_token is malformed';
  const end = Math.min(total, start + limit);
  return { start, end, paging: end < total ? { nextPageToken: encodePageToken(end, what) } : {} };
}

const range = <T>(start: number, end: number, at: (i: number) => T): T[] => Array.from({ length: Math.max(0, end - start) }, (_, i) => at(start + i));

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
    if (asksForPages(req.query)) {
      const page = flippingPage(opts.campaigns, req.query, DEFAULT_PAGE, MAX_PAGE);
      if (typeof page === 'string') return error(400, 'BAD_REQUEST', page, rate);
      return json(200, { campaigns: range(page.start, page.end, campaignAt), pager: page.pager }, rate);
    }
    const page = tokenPage(opts.campaigns, req.query, 'campaigns', MAX_PAGE);
    if (typeof page === 'string') return error(400, 'BAD_REQUEST', page, rate);
    return json(200, { status: 'OK', result: { campaigns: range(page.start, page.end, campaignAt), paging: page.paging } }, rate);
  }

  function listRegionChildren(regionId: string, req: SandboxRequest, rate: Record<string, string>): Reply {
    if (Number(regionId) !== RUSSIA) return error(404, 'NOT_FOUND', `region ${regionId} not found`, rate);
    const page = asksForPages(req.query) ? flippingPage(RUSSIA_CHILDREN, req.query, DEFAULT_PAGE, MAX_PAGE) : tokenPage(RUSSIA_CHILDREN, req.query, 'regions', MAX_REGION_PAGE);
    if (typeof page === 'string') return error(400, 'BAD_REQUEST', page, rate);
    const regions = russia(range(page.start, page.end, regionChildAt));
    return json(200, 'pager' in page ? { regions, pager: page.pager } : { regions, paging: page.paging }, rate);
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
    const children = /^GET \/v2\/regions\/(\d+)\/children$/.exec(route);
    if (children) return listRegionChildren(children[1]!, req, rate);
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
