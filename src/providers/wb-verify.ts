/**
 * What `whoami wb` and `login wb` send: the seller's identity (`GET /api/v1/seller-info` on
 * common-api) and `GET /ping` on the host of every category the token grants, all at once.
 */
import type { ApiRequest, CredentialFacts, Credentials, Identity, Verification } from './types.js';
import { str } from './json.js';
import { COMMON_HOST, hasSandbox, originOf } from './wb-hosts.js';
import { describeKind, tokenOf, TOKEN_TYPES, type WbToken } from './wb-token.js';

const BASE_TOKEN = 1;

const ping = (host: string): ApiRequest => ({ method: 'GET', path: '/ping', host });

/** `{"TS": "2024-08-16T11:19:05+03:00", "Status": "OK"}` (WB's `/ping`). */
const isPing = (json: unknown): boolean => str(json, 'Status') === 'OK';

/** The pings of a token: each granted category's host; a test token's on the sandbox hosts only (WB has no other). */
function pings(t: WbToken | undefined): Array<{ label: string; request: ApiRequest }> {
  const granted = (t?.categories ?? []).filter((c) => !t?.test || hasSandbox(c.host));
  return granted.map((c) => ({ label: `ping ${c.name}`, request: ping(c.host) }));
}

function sellerIdentity(json: unknown): Identity | undefined {
  const name = str(json, 'name');
  const sid = str(json, 'sid');
  if (name === undefined || sid === undefined) return undefined;
  const tradeMark = str(json, 'tradeMark');
  const lines: Identity['lines'] = [['seller', name]];
  if (tradeMark) lines.push(['trade mark', tradeMark]);
  return { lines, warnings: [], data: { seller: name, sid, ...(tradeMark ? { tradeMark } : {}) } };
}

/**
 * Seller info answers no test token ("any token without the Test scope option"), and a base token
 * once a day (its limit: 1 request in 24 h): for those a ping is the check, and the seller is not asked.
 */
export function verifyWb(creds: Credentials): Verification {
  const t = tokenOf(creds.token);
  const checks = pings(t);
  if (!t?.test && t?.type !== BASE_TOKEN) return { request: { method: 'GET', path: '/api/v1/seller-info' }, identity: sellerIdentity, probes: checks };
  const [first = { label: `ping ${COMMON_HOST}`, request: ping(COMMON_HOST) }, ...rest] = checks;
  const why = t?.test ? 'a test token cannot read it' : 'WB lets a base token read it once a day';
  return {
    request: first.request,
    label: first.label,
    identity: (json) => (isPing(json) ? { lines: [['seller', `not asked: ${why}`]], warnings: [], data: { checks: { [first.label]: 'ok' } } } : undefined),
    probes: rest,
  };
}

/** The token's own facts: type, access, categories, seller id; where a test token goes. */
export function inspectWb(creds: Credentials): CredentialFacts | undefined {
  const t = tokenOf(creds.token);
  if (!t) return undefined;
  const names = [...t.categories.map((c) => c.name), ...t.otherBits.map((b) => `bit ${b}`)];
  const lines: CredentialFacts['lines'] = [['token', describeKind(t)], ['categories', names.join(', ') || '(none)']];
  if (t.for) lines.push(['for', t.for]);
  if (t.sid) lines.push(['seller id', t.sid]);
  const warnings: string[] = [];
  if (t.test) {
    const none = t.categories.filter((c) => !hasSandbox(c.host)).map((c) => c.name);
    warnings.push(`a test token: it works only in WB's sandbox, so mkt sends it to the sandbox hosts (${new URL(originOf('content-api', true)).host}, …)${none.length ? `; ${none.join(', ')} ${none.length === 1 ? 'has' : 'have'} none` : ''}`);
  }
  if (names.length === 0) warnings.push('the token grants no category: only common-api (tariffs, news, seller info) will answer it');
  return {
    lines,
    warnings,
    data: { tokenType: t.type === undefined ? null : (TOKEN_TYPES[t.type] ?? t.type), categories: names, readOnly: t.readOnly, test: t.test, ...(t.sid ? { sid: t.sid } : {}) },
    expiresAt: new Date(t.exp * 1000).toISOString(),
  };
}
