/**
 * The Yandex sandbox held to the official OpenAPI spec (../shared/specs/yandex-market-partner-api.json):
 * every operation it serves, and every error status the spec lists for it, is called over HTTP and
 * its body checked against the spec's schema for that status — strictly, so an invented field fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { loadSpec, operation, responseSchema, schemaProblems } from '../helpers/openapi.js';

const spec = loadSpec('yandex-market-partner-api.json');
const KEY = { 'Api-Key': CREDS.yandex.valid.token };
const OAUTH = { Authorization: `Bearer ${CREDS.yandex.oauth.token}` };
const ERROR_CODES: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 420: 'LIMIT_EXCEEDED', 500: 'INTERNAL_ERROR' };

interface Answer { status: number; headers: Headers; json: any }

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ port: 0, yandexHourly: { 'auth/token': 3 } }); });
afterAll(async () => { await sb.close(); });
beforeEach(async () => { await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' }); });

async function call(method: string, pathAndQuery: string, headers: Record<string, string> = KEY): Promise<Answer> {
  const res = await fetch(sb.baseUrls.yandex + pathAndQuery, { method, headers });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

/** The answer has the status expected and the body the spec describes for that status. */
async function expectSpecAnswer(method: string, pathAndQuery: string, status: number, headers?: Record<string, string>): Promise<Answer> {
  const answer = await call(method, pathAndQuery, headers);
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  const path = pathAndQuery.split('?')[0]!;
  const schema = responseSchema(spec, method, path, status);
  expect(schema, `the spec has no ${status} answer for ${method} ${path}`).toBeDefined();
  expect(schemaProblems(spec, schema!, answer.json), `${method} ${pathAndQuery} → ${status}`).toEqual([]);
  return answer;
}

const OPERATIONS = [
  ['POST', '/v2/auth/token'],
  ['GET', '/v2/campaigns'],
  ['GET', '/v2/campaigns/21000001'],
  ['GET', '/v2/regions/225/children'],
] as const;

describe('Yandex sandbox answers as the spec describes: successes', () => {
  it('POST /v2/auth/token → 200 {status, result.apiKey}', async () => {
    const r = await expectSpecAnswer('POST', '/v2/auth/token', 200);
    expect(r.json.result.apiKey).toEqual({ name: 'sandbox token', authScopes: ['ALL_METHODS'] });
  });

  it('GET /v2/campaigns → 200 top-level {campaigns, paging} (no status/result wrapper), every campaign as the spec has it', async () => {
    const all = await expectSpecAnswer('GET', '/v2/campaigns', 200);
    expect(Object.keys(all.json).sort()).toEqual(['campaigns', 'paging']);
    expect(all.json.campaigns).toHaveLength(120);
    expect(new Set(all.json.campaigns.map((c: { placementType: string }) => c.placementType))).toEqual(new Set(['FBS', 'FBY', 'DBS', 'LAAS']));
    await expectSpecAnswer('GET', '/v2/campaigns?limit=100', 200);
    await expectSpecAnswer('GET', '/v2/campaigns?page=2&pageSize=50', 200);
    await expectSpecAnswer('GET', '/v2/campaigns?limit=1', 200, OAUTH);
  });

  it('GET /v2/campaigns/{campaignId} → 200 {campaign}', async () => {
    const r = await expectSpecAnswer('GET', '/v2/campaigns/21000004', 200);
    expect(r.json.campaign).toMatchObject({ id: 21_000_004, placementType: 'LAAS' });
  });

  it('GET /v2/regions/{regionId}/children → 200 {regions: {…, children}, paging | pager}', async () => {
    await expectSpecAnswer('GET', '/v2/regions/225/children', 200);
    await expectSpecAnswer('GET', '/v2/regions/225/children?limit=50', 200);
    await expectSpecAnswer('GET', '/v2/regions/225/children?page=1&pageSize=20', 200);
  });
});

describe('Yandex sandbox answers as the spec describes: errors', () => {
  it.each(OPERATIONS)('%s %s → 401 for a missing, malformed, unknown or revoked Api-Key', async (method, path) => {
    const messages: string[] = [];
    const attempts: Array<Record<string, string>> = [{}, { 'Api-Key': '' }, { 'Api-Key': CREDS.yandex.oauth.token }, { 'Api-Key': 'ACMA:unknownT0ken:0000aaaa' }, { 'Api-Key': CREDS.yandex.invalid.token }];
    for (const headers of attempts) {
      const r = await expectSpecAnswer(method, path, 401, headers);
      expect(r.json.errors[0].code).toBe('UNAUTHORIZED');
      messages.push(r.json.errors[0].message);
    }
    expect(messages).toEqual(['Credentials are not specified', 'Api-Key token is not specified', 'Api-Key token format invalid', 'Api-Key token is invalid', 'Api-Key token is revoked']);
  });

  it.each(OPERATIONS)('%s %s → 403 for an OAuth token that is not valid', async (method, path) => {
    const r = await expectSpecAnswer(method, path, 403, { Authorization: 'Bearer y0_notAValidOauthToken' });
    expect(r.json.errors).toEqual([{ code: 'FORBIDDEN', message: 'OAuth token is invalid' }]);
  });

  it('POST /v2/auth/token → 403 for a valid OAuth token: the method is for Api-Key tokens only', async () => {
    const r = await expectSpecAnswer('POST', '/v2/auth/token', 403, OAUTH);
    expect(r.json.errors[0].code).toBe('FORBIDDEN');
  });

  it('→ 400 for a limit over the maximum, a limit under 1, a non-number and a bad page token', async () => {
    for (const query of ['limit=101', 'limit=0', 'limit=x', 'page_token=junk', 'pageSize=101']) {
      const r = await expectSpecAnswer('GET', `/v2/campaigns?${query}`, 400);
      expect(r.json.errors[0].code).toBe('BAD_REQUEST');
    }
    expect((await call('GET', '/v2/campaigns?limit=101')).json.errors[0].message).toBe('Parameter limit must be less than or equal to 100 (rejected value: 101)');
    await expectSpecAnswer('GET', '/v2/campaigns/0', 400);
    await expectSpecAnswer('GET', '/v2/regions/225/children?limit=0', 400);
  });

  it('→ 404 for a campaign or a region that does not exist', async () => {
    expect((await expectSpecAnswer('GET', '/v2/campaigns/21999999', 404)).json.errors[0].code).toBe('NOT_FOUND');
    expect((await expectSpecAnswer('GET', '/v2/regions/1/children', 404)).json.errors[0].message).toBe("Region '1' not found.");
  });

  it('→ 420 for the hourly limit of POST /v2/auth/token and for requests over the parallel limit', async () => {
    for (let i = 0; i < 3; i++) await expectSpecAnswer('POST', '/v2/auth/token', 200);
    const hourly = await expectSpecAnswer('POST', '/v2/auth/token', 420);
    expect(hourly.json.errors[0].code).toBe('LIMIT_EXCEEDED');
    const slow = { ...KEY, 'X-Sandbox-Fault': 'delay=300' };
    const answers = await Promise.all(Array.from({ length: 3 }, () => call('GET', '/v2/campaigns/21000001', slow)));
    const limited = answers.filter((a) => a.status === 420);
    expect(limited).toHaveLength(1);
    expect(schemaProblems(spec, responseSchema(spec, 'GET', '/v2/campaigns/21000001', 420)!, limited[0]!.json)).toEqual([]);
  });

  it.each(OPERATIONS)('%s %s: every error status the spec lists, injected, has the spec\'s shape for it', async (method, path) => {
    const listed = Object.keys(operation(spec, method, path)!.op.responses as object).filter((status) => status !== '200');
    expect(listed).toEqual(expect.arrayContaining(['400', '401', '403', '420', '500']));
    for (const status of listed.map(Number)) {
      const r = await expectSpecAnswer(method, path, status, { ...KEY, 'X-Sandbox-Fault': String(status) });
      expect(r.json.errors[0].code).toBe(ERROR_CODES[status]);
    }
  });
});
