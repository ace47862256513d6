/**
 * The Ozon sandbox held to Ozon's own description of each answer: every operation it serves and
 * its error answers, over real HTTP, checked by test/helpers/openapi.ts against
 * ../shared/specs/ozon-seller-api.json (strict: a field the spec does not declare is a problem).
 * What the shipped spec copy lacks is in test/helpers/ozon-schemas.ts, with its source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { OZON_SERVED } from '../../src/sandbox/ozon.js';
import { loadSpec, operation, responseSchema, schemaProblems, type Schema } from '../helpers/openapi.js';
import { asExampleShows, exampleOf, postingsV4Schema, productListSchema, rolesSchema, SELLER_INFO } from '../helpers/ozon-schemas.js';

const spec = loadSpec('ozon-seller-api.json');
type Key = { clientId: string; apiKey: string };
type Answer = { status: number; json: unknown };

let sb: Sandbox;
// Well over Ozon's 50 requests/s, so the many requests here never meet the rate limit by accident.
beforeAll(async () => { sb = await startSandbox({ port: 0, ozonRatePerSecond: 10_000 }); });
afterAll(async () => { await sb.close(); });

async function ask(method: string, path: string, opts: { key?: Key; headers?: Record<string, string>; body?: unknown; on?: Sandbox } = {}): Promise<Answer> {
  const key = opts.key ?? CREDS.ozon.valid;
  const body = opts.body === undefined || method === 'GET' ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await fetch((opts.on ?? sb).baseUrls.ozon + path, {
    method,
    headers: { 'Client-Id': key.clientId, 'Api-Key': key.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body,
  });
  return { status: res.status, json: await res.json() };
}

const v3Postings = (exampleOf(spec, 'POST', '/v3/posting/fbs/list') as { result: { postings: unknown } }).result.postings;

/** Every operation the sandbox serves, a request that succeeds, and its answer's schema (default: the spec's) and example. */
const SERVED: Array<{ method: string; path: string; body?: unknown; schema?: Schema; example?: unknown }> = [
  { method: 'POST', path: '/v1/roles', body: {}, schema: rolesSchema(spec) },
  { method: 'POST', path: '/v1/seller/info', body: {}, schema: SELLER_INFO },
  { method: 'POST', path: '/v3/product/list', body: { filter: {}, last_id: '', limit: 20 }, schema: productListSchema(spec) },
  { method: 'POST', path: '/v3/posting/fbs/list', body: { filter: {}, limit: 20, offset: 0 } },
  { method: 'POST', path: '/v4/posting/fbs/list', body: { filter: {}, limit: 20, cursor: '' }, schema: postingsV4Schema(spec), example: { postings: v3Postings } },
  { method: 'POST', path: '/v3/finance/transaction/list', body: { filter: {}, page: 1, page_size: 20 } },
  { method: 'POST', path: '/v1/returns/list', body: { filter: {}, limit: 20, last_id: 0 } },
  { method: 'GET', path: '/v1/actions' },
];

describe('Ozon sandbox answers as the Ozon spec describes them', () => {
  it.each(SERVED)('$method $path', async ({ method, path, body, schema, example }) => {
    const answer = await ask(method, path, { body });
    expect(answer.status).toBe(200);
    const written = schema ?? responseSchema(spec, method, path, 200);
    expect(written, `the spec has no ${method} ${path}`).toBeDefined();
    const expected = asExampleShows(spec, written!, example ?? exampleOf(spec, method, path));
    expect(schemaProblems(spec, expected, answer.json)).toEqual([]);
  });

  it('the table above covers every method the Admin role lists', async () => {
    const roles = (await ask('POST', '/v1/roles', { body: {} })).json as { roles: Array<{ name: string; methods: string[] }> };
    const admin = roles.roles.find((r) => r.name === 'Admin');
    expect(admin?.methods.slice().sort()).toEqual(SERVED.map((s) => s.path).sort());
  });

  const ERRORS: Array<[string, number, string, string, Parameters<typeof ask>[2]]> = [
    ['non-numeric Client-Id', 400, 'POST', '/v3/product/list', { headers: { 'Client-Id': 'abc' }, body: { limit: 1 } }],
    ['limit out of range', 400, 'POST', '/v3/product/list', { body: { filter: {}, last_id: '', limit: 0 } }],
    ['malformed JSON', 400, 'POST', '/v1/returns/list', { body: '{"limit":' }],
    ['deactivated key', 403, 'POST', '/v3/finance/transaction/list', { key: CREDS.ozon.deactivated, body: { page: 1, page_size: 1 } }],
    ['key without the role (a GET)', 403, 'GET', '/v1/actions', { key: CREDS.ozon.noRole }],
    ['unknown key', 404, 'POST', '/v1/roles', { key: CREDS.ozon.invalid, body: {} }],
    ['unknown key (a GET)', 404, 'GET', '/v1/actions', { key: CREDS.ozon.invalid }],
    ['fault 500', 500, 'POST', '/v3/product/list', { headers: { 'X-Sandbox-Fault': 'status=500' }, body: { limit: 1 } }],
    ['fault 503', 503, 'POST', '/v1/roles', { headers: { 'X-Sandbox-Fault': 'status=503' }, body: {} }],
    ['fault 429', 429, 'POST', '/v1/roles', { headers: { 'X-Sandbox-Fault': 'status=429' }, body: {} }],
  ];

  it.each(ERRORS)('error: %s → %i in the spec\'s error shape', async (_what, status, method, path, opts) => {
    const answer = await ask(method, path, opts);
    expect(answer.status).toBe(status);
    const schema = responseSchema(spec, method, path, status);
    expect(schema, `the spec has no ${status} answer for ${method} ${path}`).toBeDefined();
    expect(schemaProblems(spec, schema!, answer.json)).toEqual([]);
  });

  it('error: the rate limit (429 code 8) in the spec\'s error shape', async () => {
    const limited = await startSandbox({ port: 0, ozonRatePerSecond: 1 });
    try {
      const answers = await Promise.all([1, 2, 3].map(() => ask('POST', '/v1/roles', { body: {}, on: limited })));
      const rejected = answers.find((a) => a.status === 429);
      expect(rejected?.json).toEqual({ code: 8, message: 'You have reached request rate limit per second', details: [] });
      expect(schemaProblems(spec, responseSchema(spec, 'POST', '/v1/roles', 429)!, rejected?.json)).toEqual([]);
      const faulted = await ask('POST', '/v1/roles', { body: {}, headers: { 'X-Sandbox-Fault': '429' } });
      expect(faulted, 'a 429 fault answers as the real limit does').toEqual({ status: 429, json: rejected?.json });
    } finally {
      await limited.close();
    }
  });

  it('error: a method the sandbox does not serve, or the wrong HTTP method, is 404 code 5 "method not found"', async () => {
    const notFound = { code: 5, message: 'method not found', details: [] };
    expect(await ask('POST', '/v9/nothing', { body: {} })).toEqual({ status: 404, json: notFound });
    expect(await ask('GET', '/v1/roles')).toEqual({ status: 404, json: notFound });
    expect(await ask('POST', '/v1/actions', { body: {} })).toEqual({ status: 404, json: notFound });
    expect(schemaProblems(spec, responseSchema(spec, 'POST', '/v1/roles', 404)!, notFound)).toEqual([]);
  });
});

/** Served but not in the spec copy: `/v4/posting/fbs/list` (../shared/specs/README.md), `/v1/seller/info` (the swagger of 2026-06). */
const NOT_IN_THE_COPY: Record<string, string> = { '/v4/posting/fbs/list': 'POST', '/v1/seller/info': 'POST' };

type Roles = { roles: Array<{ name: string; methods: string[] }> };
/** The HTTP method of a listed path: the spec's (GET for its six GET paths), else POST. */
const methodOf = (path: string): string => (operation(spec, 'GET', path) ? 'GET' : 'POST');

describe('Ozon sandbox /v1/roles lists exactly what it serves', () => {
  it.each([['valid (Admin)', CREDS.ozon.valid], ['noRole (Finance)', CREDS.ozon.noRole], ['expiring (Admin)', CREDS.ozon.expiring]])(
    '%s: every method its roles list is served to that key (no 404 "method not found", no 403)',
    async (_name, key) => {
      const { roles } = (await ask('POST', '/v1/roles', { key, body: {} })).json as Roles;
      const listed = roles.flatMap((r) => r.methods);
      expect(listed.length).toBeGreaterThan(0);
      for (const path of listed) {
        const answer = await ask(methodOf(path), path, { key, body: {} });
        expect([answer.status, path]).not.toEqual([404, path]);
        expect([answer.status, path]).not.toEqual([403, path]);
      }
    },
  );

  it('every method the sandbox serves is in the Admin role, with the spec\'s HTTP method', async () => {
    const { roles } = (await ask('POST', '/v1/roles', { body: {} })).json as Roles;
    const admin = roles.find((r) => r.name === 'Admin')!;
    for (const served of OZON_SERVED) {
      const [method = '', path = ''] = served.split(' ');
      expect(admin.methods).toContain(path);
      expect(NOT_IN_THE_COPY[path] ?? (operation(spec, method, path) ? method : 'not in the spec'), served).toBe(method);
    }
  });
});
