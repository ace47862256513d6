import { OZON_PERFORMANCE_CREDENTIALS as CREDS } from './ozon-performance-credentials.js';
import { PerformanceTokens } from './ozon-performance-tokens.js';
import { asRecord, header, json, parseJsonBody, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';

/** The API's error shape: `{"error": "text"}` (the spec's `rpcStatus`). */
export const perfError = (status: number, error: string): Reply => json(status, { error });

const SECRETS = new Map<string, string>([
  [CREDS.valid.clientId, CREDS.valid.clientSecret],
  [CREDS.other.clientId, CREDS.other.clientSecret],
]);
const CLIENTS = [...SECRETS.keys()];

interface Campaign {
  id: string;
  paymentType: 'CPC';
  title: string;
  state: 'CAMPAIGN_STATE_RUNNING' | 'CAMPAIGN_STATE_INACTIVE';
  advObjectType: 'SKU';
  fromDate: string;
  toDate: string;
  budget: string;
  dailyBudget: string;
  createdAt: string;
  updatedAt: string;
  productAutopilotStrategy: 'NO_AUTO_STRATEGY';
  productCampaignMode: 'PRODUCT_CAMPAIGN_MODE_MANUAL';
}

function campaignsOf(client: number, count: number): Campaign[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(7_000_000 + client * 1000 + i + 1),
    paymentType: 'CPC',
    title: `Песочница ${client + 1}: кампания ${i + 1}`,
    state: i === 0 ? 'CAMPAIGN_STATE_RUNNING' : 'CAMPAIGN_STATE_INACTIVE',
    advObjectType: 'SKU',
    fromDate: '2026-11-01',
    toDate: '',
    budget: '0',
    dailyBudget: '500000000',
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
    productAutopilotStrategy: 'NO_AUTO_STRATEGY',
    productCampaignMode: 'PRODUCT_CAMPAIGN_MODE_MANUAL',
  }));
}

export interface OzonPerformanceOptions {
  campaigns: number;
  tokenSeconds: number;
}

/**
 * Ozon Performance: client credentials traded for a Bearer token at `POST /api/client/token`, the
 * token on every other call. `POST /_sandbox/tokens?lifetime=S&revoke=1` (under its base URL)
 * switches the lifetime of new tokens and revokes the issued ones, for tests of expiry and renewal.
 */
export function ozonPerformanceSandbox(opts: OzonPerformanceOptions): ProviderSandbox {
  const tokens = new PerformanceTokens(opts.tokenSeconds);
  let campaigns = new Map(CLIENTS.map((c, i) => [c, campaignsOf(i, opts.campaigns)]));

  function token(req: SandboxRequest): Reply {
    const body = parseJsonBody(req.body);
    const fields = body.ok ? asRecord(body.value) : undefined;
    if (!fields) return perfError(400, 'request body must be a JSON object with client_id, client_secret and grant_type');
    if (fields.grant_type !== 'client_credentials') return perfError(400, 'unsupported grant_type: use client_credentials');
    const clientId = typeof fields.client_id === 'string' ? fields.client_id : '';
    if (SECRETS.get(clientId) === undefined || SECRETS.get(clientId) !== fields.client_secret) return perfError(401, 'invalid client_id or client_secret');
    return json(200, tokens.issue(clientId, req.now));
  }

  function control(req: SandboxRequest): Reply {
    const lifetime = req.query.get('lifetime');
    if (lifetime !== null) {
      const seconds = Number(lifetime);
      if (!Number.isInteger(seconds) || seconds < 1) return perfError(400, 'lifetime must be a whole number of seconds, at least 1');
      tokens.setLifetime(seconds);
    }
    const revoked = req.query.get('revoke') === null ? 0 : tokens.revokeAll();
    return json(200, { lifetime: tokens.lifetime(), revoked });
  }

  function listCampaigns(req: SandboxRequest, own: Campaign[]): Reply {
    const page = req.query.get('page');
    const size = req.query.get('pageSize');
    if (page === null && size === null) return json(200, { list: own });
    const [p, s] = [Number(page ?? '1'), Number(size ?? String(own.length || 1))];
    if (!Number.isInteger(p) || p < 1 || !Number.isInteger(s) || s < 1) return perfError(400, 'page counts from 1, and pageSize is at least 1');
    return json(200, { list: own.slice((p - 1) * s, p * s) });
  }

  function setState(own: Campaign[], id: string, state: Campaign['state'], now: number): Reply {
    const found = own.find((c) => c.id === id);
    if (!found) return perfError(404, `campaign ${id} not found`);
    found.state = state;
    found.updatedAt = new Date(now).toISOString();
    // A single campaign (`extcampaignCampaign`) has no `advObjectType`; the list's items do.
    const { advObjectType: _listOnly, ...campaign } = found;
    return json(200, campaign);
  }

  return {
    handle(req) {
      if (req.method === 'POST' && req.path === '/_sandbox/tokens') return control(req);
      if (req.method === 'POST' && req.path === '/api/client/token') return token(req);
      const bearer = /^Bearer\s+(\S+)$/i.exec(header(req.headers, 'authorization')?.trim() ?? '')?.[1];
      const clientId = bearer === undefined ? undefined : tokens.clientOf(bearer, req.now);
      if (!clientId) return perfError(401, bearer === undefined ? 'authorization token is missing' : 'authorization token is invalid or expired');
      const own = campaigns.get(clientId)!;
      if (req.method === 'GET' && req.path === '/api/client/campaign') return listCampaigns(req, own);
      const switched = /^\/api\/client\/campaign\/(\d+)\/(activate|deactivate)$/.exec(req.path);
      if (req.method === 'POST' && switched) return setState(own, switched[1]!, switched[2] === 'activate' ? 'CAMPAIGN_STATE_RUNNING' : 'CAMPAIGN_STATE_INACTIVE', req.now);
      return perfError(404, `no such method ${req.method} ${req.path}`);
    },
    errorReply: (status) => perfError(status, status === 429 ? 'too many requests' : status >= 500 ? 'internal error' : 'request failed'),
    reset: () => {
      tokens.reset();
      campaigns = new Map(CLIENTS.map((c, i) => [c, campaignsOf(i, opts.campaigns)]));
    },
  };
}
