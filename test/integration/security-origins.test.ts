/**
 * Security rules of docs/security.md about where credentials go, checked against the built CLI with
 * loopback servers that record whatever reached them: only to the provider's origin (no other origin
 * through absolute URLs, odd relative paths or redirects), plain http only to loopback, and never
 * in a URL.
 */
import { describe, expect, it } from 'vitest';
import { expectNoSecret, expectOneLineError } from '../helpers/cli.js';
import { json, OZON, PROVIDER_CALLS, recordingOrigins, SECRETS, URL_FORMS, type TestServer } from '../helpers/recording-origins.js';

const { api, other, mkt, call } = await recordingOrigins();

// ---------------------------------------------------------------------------------------------
describe('credentials only go to the provider origin', () => {
  it.each([
    ['another port', (o: TestServer) => `${o.url}/steal`],
    ['protocol-relative', (o: TestServer) => `//127.0.0.1:${o.port}/steal`],
    ['user info that looks like the provider', (o: TestServer) => `http://127.0.0.1:${api.port}@127.0.0.1:${o.port}/steal`],
    ['upper-case scheme', (o: TestServer) => `HTTP://127.0.0.1:${o.port}/steal`],
    ['same host, https', () => `https://127.0.0.1:${api.port}/steal`],
  ])('refuses an absolute URL on another origin (%s) with exit 2, sending nothing', async (_name, target) => {
    const r = await call(['ozon', 'POST', target(other)]);
    expectOneLineError(r, 2, /refusing to send credentials to/);
    expectNoSecret(r, ...SECRETS);
    expect(other.hits).toHaveLength(0);
    expect(api.hits).toHaveLength(0);
  });

  it('accepts an absolute URL on the provider origin', async () => {
    const r = await call(['ozon', 'POST', `${api.url}/v1/roles`]);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits).toHaveLength(1);
  });

  // Regression: joinUrl checks the origin of the URL it built, not only of the input.
  it.each([
    ['a backslash after the slash', (o: TestServer) => `/\\127.0.0.1:${o.port}/steal`],
    ['two backslashes', (o: TestServer) => `\\\\127.0.0.1:${o.port}/steal`],
    ['a tab between the slashes', (o: TestServer) => `/\t/127.0.0.1:${o.port}/steal`],
  ])('does not let a relative path escape to another origin (%s)', async (_name, path) => {
    const r = await call(['ozon', 'POST', path(other)]);
    expect(other.hits).toHaveLength(0);
    expect(r.code).toBe(2);
  });

  it('does not let a base URL path that starts with // name another host', async () => {
    const r = await call(['ozon', 'POST', '/v1/roles'], { OZON_API_URL: `${api.url}//127.0.0.1:${other.port}` });
    expect(other.hits).toHaveLength(0);
    expect(r.code).toBe(2);
  });

  it.each([301, 302, 303, 307, 308])('does not follow a %i redirect to another origin (exit 7), and says so', async (status) => {
    api.handle((_req, res) => { res.writeHead(status, { location: `${other.url}/steal?from=api` }); res.end(); });
    const r = await call(['ozon', 'POST', '/v1/roles']);
    expectOneLineError(r, 7, new RegExp(`redirected to ${other.url.replace(/\./g, '\\.')}; not followed with credentials`));
    expect(api.hits).toHaveLength(1);
    expect(other.hits).toHaveLength(0);
  });

  it('follows a same-origin redirect with the credentials, and stops at a cross-origin one after it', async () => {
    api.handle((req, res) => {
      if (req.url === '/v1/roles') { res.writeHead(307, { location: '/v1/roles-moved' }); res.end(); return; }
      if (req.url === '/v1/roles-moved') { json(res, 200, { roles: [] }); return; }
      if (req.url === '/hop') { res.writeHead(302, { location: `${api.url}/hop2` }); res.end(); return; }
      res.writeHead(302, { location: `${other.url}/steal` });
      res.end();
    });
    const ok = await call(['ozon', 'POST', '/v1/roles', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ roles: [] });
    expect(api.hits.map((h) => `${h.method} ${h.url}`)).toEqual(['POST /v1/roles', 'POST /v1/roles-moved']);
    expect(api.hits[1]!.headers['api-key']).toBe(OZON.apiKey);
    expect(api.hits[1]!.body).toBe('{}'); // 307 keeps the method and the body

    const chain = await call(['ozon', 'GET', '/hop']);
    expect(chain.code).toBe(7);
    expect(api.hits.map((h) => h.url).slice(2)).toEqual(['/hop', '/hop2']);
    expect(other.hits).toHaveLength(0);
  });

  it('turns a same-origin 303 into a GET without the body', async () => {
    api.handle((req, res) => {
      if (req.url === '/v1/roles') { res.writeHead(303, { location: '/result' }); res.end(); return; }
      json(res, 200, { done: true });
    });
    const r = await call(['ozon', 'POST', '/v1/roles', 'a=b', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits.map((h) => `${h.method} ${h.url} ${h.body}`)).toEqual(['POST /v1/roles {"a":"b"}', 'GET /result ']);
  });

  it('stops a same-origin redirect loop', async () => {
    api.handle((_req, res) => { res.writeHead(302, { location: '/loop' }); res.end(); });
    const r = await call(['ozon', 'GET', '/loop']);
    expect(r.code).toBe(7);
    expect(api.hits.length).toBeLessThanOrEqual(7);
  });

  it('whoami does not follow a cross-origin redirect either', async () => {
    api.handle((_req, res) => { res.writeHead(302, { location: `${other.url}/v1/roles` }); res.end(); });
    for (const provider of ['ozon', 'yandex', 'ozzie']) {
      const r = await mkt(['whoami', provider]);
      expect(r.code, `${provider}: ${r.stdout}${r.stderr}`).toBe(7);
      expectNoSecret(r, ...SECRETS);
    }
    expect(other.hits).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe('plain http only to loopback', () => {
  it.each([
    'http://example.com',
    'http://10.0.0.1:8080',
    'http://localhost.example.com',
    'http://127.0.0.1.nip.io',
    'http://[::ffff:7f00:1]',
    'ftp://127.0.0.1',
  ])('refuses %s as a base URL (exit 2, nothing sent)', async (base) => {
    expectOneLineError(await call(['ozon', '/v1/roles', '--dry-run'], { OZON_API_URL: base }), 2, /must use https|not a URL/);
    expectOneLineError(await call(['ozon', '/v1/roles', '--dry-run', '--base-url', base]), 2, /must use https|not a URL/);
  });

  it.each(['https://example.com', 'http://localhost:9', 'http://127.0.0.9:9', 'http://[::1]:9'])('accepts %s', async (base) => {
    const r = await call(['ozon', '/v1/roles', '--dry-run'], { OZON_API_URL: base });
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses a base URL with user info or a query, without repeating it', async () => {
    for (const base of [`http://user:${OZON.apiKey}@127.0.0.1:9`, `http://127.0.0.1:9/?api_key=${OZON.apiKey}`]) {
      const r = await call(['ozon', '/v1/roles'], { OZON_API_URL: base });
      expectOneLineError(r, 2, /must not carry user info, a query or a fragment/);
      expectNoSecret(r, OZON.apiKey);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('credentials never travel in the URL', () => {
  it.each(PROVIDER_CALLS)('%s: secrets only in headers, for call, whoami and pagination', async (provider, request) => {
    // Shaped enough for every provider's identity check (Ozon roles, Yandex result.apiKey) and its pages.
    api.handle((_req, res) => json(res, 200, { roles: [], result: { items: [], campaigns: [], apiKey: { name: 'k' } }, data: [] }));
    const runs = [
      await call([provider, ...request, 'limit==1', 'x=1']),
      await mkt(['whoami', provider]),
      await call([provider, ...request, '--paginate', '--max-pages', '1']),
    ];
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expectNoSecret(r, ...SECRETS);
    }
    expect(api.hits.length).toBeGreaterThanOrEqual(runs.length);
    for (const hit of api.hits) {
      for (const form of URL_FORMS) expect(hit.url).not.toContain(form);
      for (const secret of SECRETS) expect(hit.body).not.toContain(secret);
      const auth = hit.headers['api-key'] ?? hit.headers.authorization;
      expect(auth, `${hit.method} ${hit.url}`).toBeTruthy();
    }
  });

  it('--curl reads the secrets from env vars, never inlines them', async () => {
    for (const [provider, request] of PROVIDER_CALLS) {
      const r = await call([provider, ...request, '--curl']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\$\{?[A-Z_]+\}?/);
      expectNoSecret(r, ...URL_FORMS);
    }
    expect(api.hits).toHaveLength(0);
  });
});

