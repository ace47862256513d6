import { afterAll, describe, expect, it } from 'vitest';
import type { Credentials, Field, Method, Provider } from '../../src/core/types.js';
import { loadRegistry } from '../../src/cli/provider-registry.js';
import { builtInProviders } from '../../src/providers/index.js';
import { envCredentials, resolveCredentials, UNNAMED } from '../../src/core/credentials.js';
import { cleanCredentials } from '../../src/core/validate.js';
import { createRedactor, secretValues } from '../../src/core/redact.js';
import { NoCredentialsError } from '../../src/core/errors.js';
import { testContext } from '../helpers/memory-context.js';
import { catalogOf } from '../../src/core/catalog.js';
import { chooseOperation } from '../../src/core/operation.js';
import { configWithSpecs, exampleSpec } from '../helpers/user-spec.js';

/**
 * What every registered provider promises, built-in or from a user spec: the built-ins and the
 * docs' worked example (docs/providers.md, "Your own provider"), loaded as a user's spec is.
 */
const config = configWithSpecs({ 'airtable.json': exampleSpec() });
afterAll(config.cleanup);
const registry = loadRegistry(config.dir);
const registered = registry.all;

const NOW = new Date('2026-11-23T00:00:00Z');

/** A JWT as Wildberries issues them (claims `exp`, `s`, `acc`, `sid`), unsigned: mkt decodes, never verifies. */
const jwt = (n: number): string => [{ alg: 'ES256', typ: 'JWT' }, { exp: 1_900_000_000 + n, s: 2 + 16, acc: 3, sid: `contract-${n}` }]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + `.Contract${n}Signature`;

/** A value each field accepts: the first candidate its pattern takes. */
function sample(field: Field, n = 1): string {
  const candidates = [`${100200 + n}`, `ozz_client_contract${n}`, `contract${n}@advertising.performance.ozon.ru`, `${field.key}-Contract-${n}-Value-a1b2c3d4`, jwt(n)];
  const value = candidates.find((c) => !field.pattern || field.pattern.test(c));
  if (!value) throw new Error(`no sample value for ${field.key}: add a candidate that matches ${field.pattern}`);
  return value;
}

const credsOf = (p: Provider, n = 1): Credentials => Object.fromEntries(p.fields.map((f) => [f.key, sample(f, n)]));
const envOf = (p: Provider, creds: Credentials): Record<string, string> => Object.fromEntries(p.fields.map((f) => [f.env, creds[f.key]!]));

/** Each provider's identity answer and error body, as its docs show them: a new provider must add its own. */
const CANNED: Record<string, { identity: unknown; error: unknown; token?: unknown }> = {
  ozon: { identity: { expires_at: '2027-02-01T00:00:00Z', roles: [{ name: 'Admin' }] }, error: { code: 5, message: 'Invalid Api-Key, please check the key and try again' } },
  yandex: { identity: { status: 'OK', result: { apiKey: { name: 'prod', authScopes: ['ALL_METHODS'] } } }, error: { status: 'ERROR', errors: [{ code: 'UNAUTHORIZED', message: 'token is invalid' }] } },
  ozzie: { identity: { data: [] }, error: { error: { code: 'UNAUTHORIZED', message: 'invalid credentials' } } },
  'ozon-performance': {
    identity: { list: [{ id: '7000001', title: 'Кампания' }] },
    error: { error: 'authorization token is invalid or expired' },
    token: { access_token: 'contract.access.Qw3Er5Ty7Ui9', expires_in: 1800, token_type: 'Bearer' },
  },
  wb: { identity: { name: 'ИП Кружинин В. Р.', sid: 'e8923014-e233-47q8-898e-3cc86d67ea61', tradeMark: 'Flax Store' }, error: { title: 'unauthorized', detail: 'token problem; token is malformed', status: 401 } },
  airtable: { identity: { id: 'usrL2PNC5o3H4lBEi', email: 'foo@bar.com' }, error: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } },
};

const WRITES: Array<[Method, string]> = [
  ['POST', '/v1/product/import'], ['POST', '/v2/products/stocks'], ['POST', '/v0/appX/tblY'], ['POST', '/v1/users'],
  ['PUT', '/v1/items/list'], ['PATCH', '/v0/appX/tblY'], ['DELETE', '/v1/items/info'], ['DELETE', '/v0/appX/tblY/listRecords'],
];

describe.each(registered.map((p) => [p.id, p] as const))('contract: %s', (_id, p) => {
  it('builds its auth headers from the fields (or the access token they are exchanged for): every secret is sent, nothing breaks a header', () => {
    const creds = credsOf(p);
    // With a token grant the secrets travel once, in the exchange's body, and every request carries the token.
    const token = p.token ? 'contract-access-token-Zq81Lm4Xw7' : undefined;
    const headers = p.authorize(creds, token);
    expect(Object.keys(headers).length).toBeGreaterThan(0);
    const decoded = Object.values(headers).flatMap((v) => [v, ...v.split(/\s+/).map((w) => Buffer.from(w, 'base64').toString('utf8'))]).join('\n');
    const sent = p.token ? JSON.stringify(p.token.request(creds).body) : decoded;
    for (const f of p.fields.filter((x) => x.secret)) expect(sent, f.key).toContain(creds[f.key]);
    if (token) {
      expect(decoded).toContain(token);
      for (const f of p.fields.filter((x) => x.secret)) expect(decoded, `${f.key} sent beside the token`).not.toContain(creds[f.key]);
      expect(p.authorize(creds), 'headers without a token').toEqual({});
    }
    for (const [name, value] of Object.entries(headers)) {
      expect(name).toMatch(/^[A-Za-z0-9-]+$/);
      expect(value).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
    expect(cleanCredentials(p, creds, 'the contract')).toEqual(creds);
  });

  it('resolves a complete env set, names what a partial set lacks, and ignores other providers\' variables', async () => {
    const creds = credsOf(p);
    expect(envCredentials(p, envOf(p, creds)).values).toEqual(creds);
    const others = Object.assign({}, ...registered.filter((o) => o !== p).map((o) => envOf(o, credsOf(o))));
    expect(envCredentials(p, others)).toMatchObject({ present: [] });
    const ctx = testContext(envOf(p, creds));
    ctx.providers = registry;
    expect(await resolveCredentials(ctx, p, UNNAMED)).toMatchObject({ values: creds, source: 'env' });
    if (p.fields.length < 2) return;
    const [first, ...rest] = p.fields;
    const partial = testContext({ [first!.env]: creds[first!.key] });
    const error = await resolveCredentials(partial, p, UNNAMED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    for (const f of rest) expect((error as Error).message).toContain(f.env);
  });

  it('reads its identity off a canned answer, and refuses an answer that is not its own', () => {
    const canned = CANNED[p.id];
    expect(canned, `add ${p.id} to CANNED`).toBeDefined();
    const creds = credsOf(p);
    const verification = p.verify(creds);
    expect(verification.request.path).toMatch(/^\//);
    const identity = verification.identity(canned!.identity, creds, NOW);
    expect(identity?.lines.length).toBeGreaterThan(0);
    const shown = JSON.stringify(identity);
    for (const f of p.fields.filter((x) => x.secret)) expect(shown).not.toContain(creds[f.key]);
    // A provider whose check proves only that the set is accepted (Ozzie) takes any answer.
    const acceptsAny = verification.identity({ unrelated: true }, creds, NOW)?.lines.some(([k]) => k === 'credentials');
    if (!acceptsAny) expect(verification.identity({ unrelated: true }, creds, NOW)).toBeUndefined();
  });

  it('classifies errors: rejected credentials, rate limits, missing, server, and reads its own message', () => {
    expect(p.classify(200, {})).toBeUndefined();
    expect(p.classify(401, {})).toBe('auth');
    for (const status of [...p.rateLimit.statuses, 429]) expect(p.classify(status, {}), String(status)).toBe('rate_limit');
    expect(p.classify(404, { message: 'no such method' })).toBe('not_found');
    expect(p.classify(500, {})).toBe('server');
    expect(p.classify(503, {})).toBe('server');
    expect(p.rateLimit.statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    expect(p.errorMessage(CANNED[p.id]!.error)).toMatch(/\S/);
    expect(p.errorMessage({})).toBeUndefined();
  });

  it('redacts every secret field and every header built from one', () => {
    const creds = credsOf(p, 7);
    const redact = createRedactor(secretValues(p, creds));
    const headers = p.authorize(creds);
    const text = [JSON.stringify(creds), ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), encodeURIComponent(JSON.stringify(creds))].join('\n');
    const out = redact(text);
    for (const f of p.fields.filter((x) => x.secret)) expect(out).not.toContain(creds[f.key]);
    for (const value of Object.values(headers)) {
      const plain = p.fields.some((f) => !f.secret && creds[f.key] === value);
      if (!plain) expect(out).not.toContain(value);
    }
  });

  it('never takes a write for a read: by its endpoint catalog where it has one, else by its own rule', async () => {
    const catalog = await catalogOf(testContext(), p);
    const reads = (method: Method, path: string) => chooseOperation(p, catalog, method, path, false).readOnly;
    for (const [method, path] of WRITES) expect(reads(method, path), `${method} ${path}`).toBe(false);
    // With a catalog, a GET it does not know is a write too: Yandex confirms a shipment with a GET.
    expect(reads('GET', '/anything')).toBe(catalog === undefined);
  });
});

// Only the providers whose requests carry an access token have a token grant to check.
describe.each(registered.filter((p) => p.token).map((p) => [p.id, p] as const))('token contract: %s', (_id, p) => {
  it('reads the access token and its lifetime off its exchange answer, and refuses an answer that is not one', () => {
    const grant = p.token!;
    const canned = CANNED[p.id]?.token as Record<string, unknown> | undefined;
    expect(canned, `add a token answer for ${p.id} to CANNED`).toBeDefined();
    const read = grant.read(canned);
    expect(read?.accessToken).toBe(canned!.access_token);
    expect(read?.expiresInSec).toBeGreaterThan(0);
    expect(grant.read({ unrelated: true })).toBeUndefined();
    expect(grant.read({ ...canned, expires_in: undefined }), 'no lifetime').toBeUndefined();
    expect(grant.request(credsOf(p)).method).toBe('POST');
    expect(p.readOnly!('POST', grant.request(credsOf(p)).path), 'the exchange issues a token: not a read').toBe(false);
    expect(grant.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});

describe('the contract covers', () => {
  it('every built-in and the example user spec', () => {
    expect(registered.map((p) => p.id)).toEqual([...builtInProviders.map((p) => p.id), 'airtable']);
    expect(registry.problems).toEqual([]);
  });
});
