import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Provider } from '../../src/core/types.js';
import { loadRegistry } from '../../src/cli/provider-registry.js';
import { cleanField } from '../../src/core/validate.js';
import { acmeSpec, configWithSpecs } from '../helpers/user-spec.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const NOW = Date.parse('2026-11-23T00:00:00Z');

function acme(change: (spec: Record<string, any>) => void = () => {}): Provider {
  const spec = acmeSpec() as Record<string, any>;
  change(spec);
  const config = configWithSpecs({ 'acme.json': spec });
  cleanups.push(config.cleanup);
  const registry = loadRegistry(config.dir);
  expect(registry.problems).toEqual([]);
  return registry.find('acme')!;
}

const creds = { account: '1234', token: 'tok-secret-value' };

describe('a provider from a user spec', () => {
  it('renders {field} and base64(...) templates, and a shell form that rebuilds the base64 header', () => {
    const p = acme((s) => (s.auth.headers = { Authorization: 'Basic base64({account}:{token})', 'X-Key': 'Key {token}' }));
    expect(p.authorize(creds)).toEqual({ Authorization: `Basic ${Buffer.from('1234:tok-secret-value').toString('base64')}`, 'X-Key': 'Key tok-secret-value' });
    expect(p.shellAuth).toEqual({ Authorization: `Basic $(printf %s "\${ACME_ACCOUNT}:\${ACME_TOKEN}" | base64 | tr -d '\\n')` });
    // The shell text, inside the double quotes --curl puts it in, gives the same header.
    const rebuilt = execFileSync('sh', ['-c', `printf %s "${p.shellAuth!.Authorization}"`], { env: { PATH: process.env.PATH, ACME_ACCOUNT: creds.account, ACME_TOKEN: creds.token }, encoding: 'utf8' });
    expect(rebuilt).toBe(p.authorize(creds).Authorization);
  });

  it('checks a field against its whole pattern', () => {
    const p = acme();
    const account = p.fields[0]!;
    expect(cleanField(p, account, ' 1234 ')).toBe('1234');
    expect(() => cleanField(p, account, '12a34')).toThrow(/acme Account id '12a34' is not valid: expected digits, e\.g\. 1234/);
    expect(() => cleanField(p, account, 'x1234')).toThrow(/not valid/);
  });

  it('takes an answer for the identity only when every required path is there', () => {
    const p = acme((s) => (s.verify.identity = { name: 'user.name', plan: 'account.plan?', roles: 'user.roles' }));
    const v = p.verify(creds);
    expect(v.request).toEqual({ method: 'GET', path: '/v1/me' });
    expect(v.identity({ user: { name: 'Ann', roles: ['admin', 'billing'] } }, creds, new Date(NOW))).toEqual({
      lines: [['name', 'Ann'], ['roles', 'admin, billing']],
      warnings: [],
      data: { name: 'Ann', roles: ['admin', 'billing'] },
    });
    expect(v.identity({ user: { name: 'Ann' } }, creds, new Date(NOW))).toBeUndefined();
    expect(v.identity({ unrelated: true }, creds, new Date(NOW))).toBeUndefined();
    const open = acme((s) => delete s.verify.identity).verify(creds);
    expect(open.identity({}, creds, new Date(NOW))?.lines).toEqual([['credentials', 'accepted']]);
  });

  it('reads the error text at the first path that has one, and classifies by the declared statuses', () => {
    const p = acme((s) => {
      s.errors = { message: ['error.message', 'error'], rejected: [401] };
      s.rateLimit = { statuses: [429, 420] };
    });
    expect(p.errorMessage({ error: { type: 'X', message: 'Invalid token' } })).toBe('Invalid token');
    expect(p.errorMessage({ error: 'NOT_FOUND' })).toBe('NOT_FOUND');
    expect(p.errorMessage({ other: 1 })).toBeUndefined();
    expect([401, 403, 404, 420, 429, 422, 503, 200].map((s) => p.classify(s, {}))).toEqual(['auth', 'client', 'not_found', 'rate_limit', 'rate_limit', 'client', 'server', undefined]);
    expect(acme().classify(403, {})).toBe('auth');
  });

  it('waits as the spec says: Retry-After by default, a unix reset, a date, or a fixed time', () => {
    expect(acme().rateLimit.waitMs({ 'retry-after': '3' }, {}, NOW)).toBe(3000);
    const unix = acme((s) => (s.rateLimit = { wait: { header: 'X-RateLimit-Reset', format: 'unix' } }));
    expect(unix.rateLimit.waitMs({ 'x-ratelimit-reset': String(NOW / 1000 + 7) }, {}, NOW)).toBe(7000);
    expect(unix.rateLimit.waitMs({}, {}, NOW)).toBeUndefined();
    const date = acme((s) => (s.rateLimit = { wait: { header: 'X-Until', format: 'date' } }));
    expect(date.rateLimit.waitMs({ 'x-until': new Date(NOW + 5000).toUTCString() }, {}, NOW)).toBe(5000);
    expect(acme((s) => (s.rateLimit = { wait: { seconds: 30 } })).rateLimit.waitMs({}, {}, NOW)).toBe(30_000);
  });

  it('retries only what is known to read: the listed methods and POST path endings', () => {
    const p = acme((s) => (s.readOnly = { methods: ['GET'], postsEndingWith: ['/search'] }));
    expect(p.readOnly!('GET', '/v1/items')).toBe(true);
    expect(p.readOnly!('HEAD', '/v1/items')).toBe(false);
    expect(p.readOnly!('POST', '/v1/items/search?q=1')).toBe(true);
    expect(p.readOnly!('POST', '/v1/search/items')).toBe(false);
    expect(p.readOnly!('PUT', '/v1/items/search')).toBe(false);
  });

  it('follows a cursor in the query or the body and stops where the answer says', () => {
    const q = acme((s) => (s.paginate = { items: 'data', nextCursor: 'meta.next', cursorIn: 'query', cursorParam: 'cursor' })).paginate!;
    const first = { query: new URLSearchParams('limit=2'), body: undefined };
    const step = q.next(first, { data: [1, 2], meta: { next: 'c2' } }, first);
    expect(step.kind === 'next' && step.request.query.toString()).toBe('limit=2&cursor=c2');
    expect(q.items({ data: [1, 2] })).toEqual([1, 2]);
    for (const last of [{ data: [1], meta: {} }, { data: [1], meta: { next: '' } }, { data: [1], meta: { next: null } }, { data: [], meta: { next: 'c3' } }]) {
      expect(q.next(first, last, first), JSON.stringify(last)).toEqual({ kind: 'last' });
    }
    expect(q.next(first, { unrelated: true }, first)).toEqual({ kind: 'unrecognised', lookedFor: 'meta.next and data in the answer' });
    const b = acme((s) => (s.paginate = { nextCursor: 'next', cursorIn: 'body', cursorParam: 'after' })).paginate!;
    const post = { query: new URLSearchParams(), body: { filter: { a: 1 } } };
    const bodyStep = b.next(post, { items: [1], next: 42 }, post);
    expect(bodyStep.kind === 'next' && bodyStep.request.body).toEqual({ filter: { a: 1 }, after: '42' });
    expect(b.style).toBe('body');
  });
});
