import type { ProviderSandbox, Reply, SandboxRequest } from './respond.js';
import { json } from './respond.js';
import { authenticate, type Caller } from './yandex-auth.js';
import { injectedError, yandexError } from './yandex-errors.js';
import { YandexLimits, type Resource } from './yandex-limits.js';
import { asksForPages, flippingPage, regionChildAt, russia, RUSSIA, RUSSIA_CHILDREN, tokenPage } from './yandex-pages.js';

/** `pageSize` of the older paging when none is given (the spec gives it no default either). */
const DEFAULT_PAGE_SIZE = 50;
/** `limit` and `pageSize` of `GET /v2/campaigns`: at most 100 (spec). */
const MAX_PAGE = 100;
/** `GET /v2/regions/{regionId}/children`: `limit` is at most 50, and a larger one is cut to 50 (spec). */
const MAX_REGION_PAGE = 50;
const FIRST_CAMPAIGN = 21_000_001;

/** The spec's `placementType` (`CampaignDTO`): FBS (also Express), FBY, DBS, LaaS. */
const PLACEMENT_TYPES = ['FBS', 'FBY', 'DBS', 'LAAS'] as const;

function campaignAt(index: number): Record<string, unknown> {
  const n = index + 1;
  return {
    id: FIRST_CAMPAIGN + index,
    domain: `shop-${String(n).padStart(3, '0')}.sandbox.market`,
    clientId: 31_000_000 + n,
    business: { id: 41_000_001, name: 'Песочница' },
    placementType: PLACEMENT_TYPES[index % PLACEMENT_TYPES.length],
    apiAvailability: 'AVAILABLE',
  };
}

const range = <T>(start: number, end: number, at: (i: number) => T): T[] => Array.from({ length: Math.max(0, end - start) }, (_, i) => at(start + i));
const badRequest = (message: string, headers: Record<string, string>): Reply => yandexError(400, 'BAD_REQUEST', message, headers);

/** The hourly resource a request counts against; the region methods are limited by regions returned, not modelled. */
function resourceOf(req: SandboxRequest): Resource | undefined {
  if (req.method === 'POST' && req.path === '/v2/auth/token') return 'auth/token';
  if (req.method === 'GET' && req.path === '/v2/campaigns') return 'campaigns';
  if (req.method === 'GET' && /^\/v2\/campaigns\/\d+$/.test(req.path)) return 'campaigns/{campaignId}';
  return undefined;
}

export interface YandexOptions {
  campaigns: number;
  /** Requests in flight per token before 420. */
  parallel: number;
  hourly: Record<Resource, number>;
}

/** Yandex Market Partner API: `Api-Key` (or legacy OAuth Bearer), 420 rate limits, no keep-alive. */
export function yandexSandbox(opts: YandexOptions): ProviderSandbox {
  const limits = new YandexLimits(opts.hourly, opts.parallel);

  function listCampaigns(req: SandboxRequest, headers: Record<string, string>): Reply {
    if (asksForPages(req.query)) {
      const page = flippingPage(opts.campaigns, req.query, DEFAULT_PAGE_SIZE, MAX_PAGE);
      if (typeof page === 'string') return badRequest(page, headers);
      return json(200, { campaigns: range(page.start, page.end, campaignAt), pager: page.pager }, headers);
    }
    const page = tokenPage(opts.campaigns, req.query, 'campaigns', MAX_PAGE);
    if (typeof page === 'string') return badRequest(page, headers);
    return json(200, { campaigns: range(page.start, page.end, campaignAt), paging: page.paging }, headers);
  }

  function listRegionChildren(regionId: string, req: SandboxRequest): Reply {
    if (Number(regionId) !== RUSSIA) return yandexError(404, 'NOT_FOUND', `Region '${regionId}' not found.`);
    const page = asksForPages(req.query)
      ? flippingPage(RUSSIA_CHILDREN, req.query, DEFAULT_PAGE_SIZE, MAX_PAGE)
      : tokenPage(RUSSIA_CHILDREN, req.query, 'regions', MAX_REGION_PAGE, true);
    if (typeof page === 'string') return badRequest(page, {});
    const regions = russia(range(page.start, page.end, regionChildAt));
    return json(200, 'pager' in page ? { regions, pager: page.pager } : { regions, paging: page.paging });
  }

  function campaign(id: string, headers: Record<string, string>): Reply {
    if (Number(id) < 1) return badRequest(`'campaignId' must be greater than or equal to 1 (rejected value: ${id})`, headers);
    const index = Number(id) - FIRST_CAMPAIGN;
    if (index < 0 || index >= opts.campaigns) return yandexError(404, 'NOT_FOUND', `Campaign not found '${id}'`, headers);
    return json(200, { campaign: campaignAt(index) }, headers);
  }

  function route(req: SandboxRequest, caller: Caller, headers: Record<string, string>): Reply {
    const route = `${req.method} ${req.path}`;
    if (route === 'POST /v2/auth/token') {
      if (caller.kind === 'oauth') return yandexError(403, 'FORBIDDEN', 'Access denied: the method is available only for Api-Key tokens', headers);
      return json(200, { status: 'OK', result: { apiKey: { name: 'sandbox token', authScopes: ['ALL_METHODS'] } } }, headers);
    }
    if (route === 'GET /v2/campaigns') return listCampaigns(req, headers);
    const children = /^GET \/v2\/regions\/(\d+)\/children$/.exec(route);
    if (children) return listRegionChildren(children[1]!, req);
    const one = /^GET \/v2\/campaigns\/(\d+)$/.exec(route);
    if (one) return campaign(one[1]!, headers);
    return yandexError(404, 'NOT_FOUND', 'Resource not found');
  }

  return {
    handle(req: SandboxRequest): Reply {
      const caller = authenticate(req);
      if (!('token' in caller)) return caller;
      const admitted = limits.admit(caller, resourceOf(req), req.now, req.onClose);
      if ('status' in admitted) return admitted;
      return route(req, caller, admitted.headers);
    },
    errorReply: injectedError,
    reset: () => limits.reset(),
    closesConnections: true,
  };
}
