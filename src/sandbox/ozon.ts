import { OZON_CREDENTIALS } from './ozon-credentials.js';
import { decodeCursor, listProducts } from './ozon-catalog.js';
import { listActions } from './ozon-actions.js';
import { listTransactions } from './ozon-finance.js';
import { listReturns } from './ozon-returns.js';
import { listPostingsV3, listPostingsV4, type ListAnswer } from './ozon-postings.js';
import { TokenBuckets } from './rate-limit.js';
import { ozonAgency, ozonAgencyNumber } from './ozon-agency.js';
import { asRecord, header, json, parseJsonBody, type ProviderSandbox, type Reply, type SandboxRequest } from './respond.js';

const DAY_MS = 86_400_000;
/** A margin so "expires in N days" reads N, not N-1, a moment after the answer. */
const EXPIRY_MARGIN_MS = 3_600_000;
const MAX_LIMIT = 1000;

interface Account {
  clientId: string;
  deactivated: boolean;
  expiresInDays: number;
  roles: ReadonlyArray<{ name: string; methods: readonly string[] }>;
}

const error = (status: number, code: number, message: string): Reply => json(status, { code, message, details: [] });

const ERRORS = {
  notFound: () => error(404, 5, 'method not found'),
  badClientId: () => error(400, 3, 'Client-Id header value should be positive integer'),
  invalidKey: () => error(404, 5, 'Invalid Api-Key, please check the key and try again'),
  deactivated: () => error(403, 7, 'Api-key is deactivated, use another one or generate a new one'),
  missingRole: () => error(403, 7, 'Api-Key is missing a required role for a method'),
  rateLimited: () => error(429, 8, 'You have reached request rate limit per second'),
  badRequest: (message: string) => error(400, 3, message),
};

type Method = (body: unknown, account: Account, now: number, data: OzonOptions) => Reply;

const answer = (result: ListAnswer): Reply => (result.ok ? json(200, result.value) : ERRORS.badRequest(result.message));

/** What the sandbox serves, keyed `METHOD /path`: the method is the spec's (GET for `/v1/actions`). */
const METHODS: Record<string, Method> = {
  'POST /v1/roles': (_body, account, now) =>
    json(200, {
      expires_at: new Date(now + account.expiresInDays * DAY_MS + EXPIRY_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      roles: account.roles,
    }),
  'POST /v1/seller/info': () =>
    json(200, {
      company: {
        name: 'ООО Песочница',
        legal_name: 'Общество с ограниченной ответственностью «Песочница»',
        inn: '7700000000',
        ogrn: '1027700000000',
        ownership_form: 'ООО',
        tax_system: 'OSNO',
        country: 'RU',
        currency: 'RUB',
      },
      ratings: [],
      subscription: { is_premium: false, type: 'UNSPECIFIED' },
    }),
  'POST /v3/product/list': (body, _account, _now, { products }) => {
    const request = asRecord(body) ?? {};
    const limit = request.limit ?? 0;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return ERRORS.badRequest(`invalid ProductListRequest.Limit: value must be inside range [1, ${MAX_LIMIT}]`);
    }
    const lastId = request.last_id ?? '';
    const start = typeof lastId === 'string' ? decodeCursor(lastId) : undefined;
    if (start === undefined) return ERRORS.badRequest('invalid ProductListRequest.LastId: cursor is malformed');
    return json(200, { result: listProducts(products, request.filter, start, limit) });
  },
  'POST /v3/posting/fbs/list': (body, _account, _now, { postings }) => answer(listPostingsV3(postings, body)),
  'POST /v4/posting/fbs/list': (body, _account, _now, { postings }) => answer(listPostingsV4(postings, body)),
  'POST /v3/finance/transaction/list': (body, _account, _now, { transactions }) => answer(listTransactions(transactions, body)),
  'POST /v1/returns/list': (body, _account, _now, { returns }) => answer(listReturns(returns, body)),
  'GET /v1/actions': (_body, _account, now, { products }) => json(200, listActions(products, now)),
};

/** Every `METHOD /path` the sandbox serves. */
export const OZON_SERVED: readonly string[] = Object.keys(METHODS);

const servedPath = (key: string): string => key.slice(key.indexOf(' ') + 1);
/** Each role lists exactly methods the sandbox serves; Admin lists them all. */
const ADMIN = { name: 'Admin', methods: OZON_SERVED.map(servedPath) };
const FINANCE_ONLY = { name: 'Finance', methods: ['/v1/roles', '/v3/finance/transaction/list'] };

const creds = OZON_CREDENTIALS;
const ACCOUNTS = new Map<string, Account>([
  [creds.valid.apiKey, { clientId: creds.valid.clientId, deactivated: false, expiresInDays: 90, roles: [ADMIN] }],
  [creds.deactivated.apiKey, { clientId: creds.deactivated.clientId, deactivated: true, expiresInDays: 90, roles: [ADMIN] }],
  [creds.expiring.apiKey, { clientId: creds.expiring.clientId, deactivated: false, expiresInDays: 5, roles: [ADMIN] }],
  [creds.noRole.apiKey, { clientId: creds.noRole.clientId, deactivated: false, expiresInDays: 90, roles: [FINANCE_ONLY] }],
]);

/** The generated agency accounts (sandbox/agency.ts): Admin, valid ~90 more days, each its own Client-Id. */
function accountOf(apiKey: string): Account | undefined {
  const known = ACCOUNTS.get(apiKey);
  if (known) return known;
  const n = ozonAgencyNumber(apiKey);
  return n === undefined ? undefined : { clientId: ozonAgency(n).clientId, deactivated: false, expiresInDays: 90, roles: [ADMIN] };
}

const canCall = (account: Account, path: string): boolean => account.roles.some((r) => r.methods.includes(path));

export interface OzonOptions {
  products: number;
  postings: number;
  transactions: number;
  returns: number;
  ratePerSecond: number;
}

/** Ozon Seller API: POST + JSON (a few GETs), `Client-Id` + `Api-Key`, auth failures told apart by message. */
export function ozonSandbox(opts: OzonOptions): ProviderSandbox {
  const buckets = new TokenBuckets(opts.ratePerSecond);
  return {
    handle(req: SandboxRequest): Reply {
      const method = METHODS[`${req.method} ${req.path}`];
      if (!method) return ERRORS.notFound();
      const clientId = header(req.headers, 'client-id')?.trim() ?? '';
      if (!/^[1-9]\d{0,18}$/.test(clientId)) return ERRORS.badClientId();
      const account = accountOf(header(req.headers, 'api-key')?.trim() ?? '');
      if (!account || account.clientId !== clientId) return ERRORS.invalidKey();
      if (account.deactivated) return ERRORS.deactivated();
      if (!buckets.take(clientId, req.now)) return ERRORS.rateLimited();
      if (!canCall(account, req.path)) return ERRORS.missingRole();
      // A GET carries no body: whatever came with one is not read.
      const body = req.method === 'GET' ? { ok: true as const, value: {} } : parseJsonBody(req.body);
      if (!body.ok) return ERRORS.badRequest(body.message);
      return method(body.value, account, req.now, opts);
    },
    errorReply: (status) => (status === 429 ? ERRORS.rateLimited() : error(status, status === 503 ? 14 : 13, status === 503 ? 'service unavailable' : 'internal error')),
    reset: () => buckets.reset(),
  };
}
