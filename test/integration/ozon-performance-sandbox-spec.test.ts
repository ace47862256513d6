/**
 * The Ozon Performance fake held to Ozon's description of each answer it gives, over real HTTP
 * (strict: a field the description does not declare is a problem). The schemas and their sources:
 * test/helpers/ozon-performance-schemas.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S, startSandbox } from '../../src/sandbox/server.js';
import { schemaProblems, type Schema, type Spec } from '../helpers/openapi.js';
import { CAMPAIGN, CAMPAIGN_LIST, ERROR, TOKEN_ANSWER } from '../helpers/ozon-performance-schemas.js';

const sb = await startSandbox();
afterAll(() => sb.close());
const BASE = sb.baseUrls['ozon-performance'];
const NO_REFS: Spec = { paths: {} };

async function ask(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(BASE + path, {
    method,
    headers: { accept: 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, json: await res.json() };
}

const tokenFor = async (set: { clientId: string; clientSecret: string } = S['ozon-performance'].valid) =>
  (await ask('POST', '/api/client/token', { body: { client_id: set.clientId, client_secret: set.clientSecret, grant_type: 'client_credentials' } })).json as { access_token: string };

const expectShape = (answer: { json: unknown }, schema: Schema) => expect(schemaProblems(NO_REFS, schema, answer.json)).toEqual([]);

describe('the Ozon Performance fake answers as Ozon describes', () => {
  it('the token endpoint: a Bearer token with its lifetime; a wrong pair, a missing grant_type or a body that is not JSON, the error shape', async () => {
    const ok = await ask('POST', '/api/client/token', { body: { client_id: S['ozon-performance'].valid.clientId, client_secret: S['ozon-performance'].valid.clientSecret, grant_type: 'client_credentials' } });
    expect(ok.status).toBe(200);
    expectShape(ok, TOKEN_ANSWER);
    expect(ok.json).toMatchObject({ expires_in: 1800, token_type: 'Bearer' });
    const invalid = S['ozon-performance'].invalid;
    for (const [body, status] of [[{ client_id: invalid.clientId, client_secret: invalid.clientSecret, grant_type: 'client_credentials' }, 401], [{ client_id: invalid.clientId, client_secret: invalid.clientSecret }, 400], ['client_id=x', 400]] as const) {
      const bad = await ask('POST', '/api/client/token', { body });
      expect(bad.status).toBe(status);
      expectShape(bad, ERROR);
    }
  });

  it('the campaign list, page by page, and a campaign switched on and off', async () => {
    const { access_token: token } = await tokenFor();
    const all = await ask('GET', '/api/client/campaign', { token });
    expectShape(all, CAMPAIGN_LIST);
    expect((all.json as { list: unknown[] }).list).toHaveLength(3);
    const second = await ask('GET', '/api/client/campaign?page=2&pageSize=2', { token });
    expect((second.json as { list: Array<{ id: string }> }).list.map((c) => c.id)).toEqual(['7000003']);
    for (const action of ['activate', 'deactivate']) {
      const switched = await ask('POST', `/api/client/campaign/7000002/${action}`, { token, body: {} });
      expect(switched.status).toBe(200);
      expectShape(switched, CAMPAIGN);
    }
    expect((await ask('GET', '/api/client/campaign?page=0', { token })).status).toBe(400);
  });

  it('a token is the account\'s own, and a missing, unknown, revoked or expired one is 401 in the error shape', async () => {
    const { access_token: other } = await tokenFor(S['ozon-performance'].other);
    expect(((await ask('GET', '/api/client/campaign', { token: other })).json as { list: Array<{ id: string }> }).list[0]!.id).toBe('7001001');
    expect((await ask('POST', '/api/client/campaign/7000002/activate', { token: other, body: {} })).status).toBe(404);
    for (const token of [undefined, 'sbxperf.unknown']) {
      const denied = await ask('GET', '/api/client/campaign', { token });
      expect(denied.status).toBe(401);
      expectShape(denied, ERROR);
    }
    await fetch(`${BASE}/_sandbox/tokens?lifetime=1`, { method: 'POST' });
    const { access_token: short } = await tokenFor();
    expect((await ask('GET', '/api/client/campaign', { token: short })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask('GET', '/api/client/campaign', { token: short })).status).toBe(401);
    const { access_token: live } = await tokenFor();
    const revoked = (await (await fetch(`${BASE}/_sandbox/tokens?revoke=1&lifetime=1800`, { method: 'POST' })).json()) as { revoked: number; lifetime: number };
    expect(revoked).toMatchObject({ lifetime: 1800 });
    expect(revoked.revoked).toBeGreaterThan(0);
    expect((await ask('GET', '/api/client/campaign', { token: live })).status).toBe(401);
  });
});
