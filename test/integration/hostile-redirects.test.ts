/**
 * Redirects a server should not send, through the built CLI: a Location the URL parser refuses, a
 * scheme that is not http(s), a same-origin loop, and a 307/308 after a streamed body (--input).
 * Each is an HTTP error (exit 7) that says what was wrong — never "internal error", never the key.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoPieceOf, expectOneLineError, runMkt, type RunResult } from '../helpers/cli.js';
import { BAD_LOCATIONS } from '../helpers/hostile-server.mjs';
import { useHostileServer } from '../helpers/hostile.js';
import { json, OZON, recordingOrigins, SECRETS } from '../helpers/recording-origins.js';

const { api, envFor, call } = await recordingOrigins();

const hostile = useHostileServer();

const onHostile = (args: string[], route: string, input?: string) =>
  runMkt(args, { env: { ...envFor(`${hostile.url}${route}`), MKT_DEBUG: '1', MKT_PASSPHRASE: 'test-passphrase' }, input });
const noSecretPieces = (r: RunResult) => { for (const s of SECRETS) expectNoPieceOf(r, s); };

// ---------------------------------------------------------------------------------------------
describe('a Location mkt cannot or must not follow → exit 7, naming the header', () => {
  const invalid = Object.keys(BAD_LOCATIONS).filter((r) => !/javascript|file|data/.test(r));
  const schemes: Array<[string, string]> = [['/location-javascript', 'javascript:'], ['/location-file', 'file:'], ['/location-data', 'data:']];

  it.each(invalid)('%s: call, call --paginate, whoami and login say the Location is not a valid URL, key redacted', async (route) => {
    const pattern = /→ 302: the Location header is not a valid URL \('.*\*\*\*.*'\); not followed$/;
    expectOneLineError(await onHostile(['call', 'ozon', 'GET', '/x'], route), 7, pattern);
    expectOneLineError(await onHostile(['call', 'ozon', '/v3/product/list', 'limit:=1', '--paginate'], route), 7, pattern);
    const whoami = await onHostile(['whoami', 'ozon'], route);
    expect(whoami.code, whoami.stdout + whoami.stderr).toBe(7);
    expect(whoami.stdout + whoami.stderr).toMatch(/→ 302: the Location header is not a valid URL/);
    expect(whoami.stdout + whoami.stderr).not.toMatch(/internal error|Invalid URL/);
    const login = await onHostile(['login', 'ozon', '--stdin', '--store', 'file'], route, `OZON_CLIENT_ID=${OZON.clientId}\nOZON_API_KEY=${OZON.apiKey}\n`);
    expectOneLineError(login, 7, pattern);
    for (const r of [whoami, login]) noSecretPieces(r);
  });

  it.each(schemes)('%s: says it is a %s URL, not "redirected to null"', async (route, scheme) => {
    const r = await onHostile(['call', 'ozon', 'GET', '/x'], route);
    expectOneLineError(r, 7, new RegExp(`→ 302: redirected to a '${scheme}' URL; only http\\(s\\) redirects on the same origin are followed$`));
    expect(r.stderr).not.toMatch(/null/);
    noSecretPieces(r);
    const whoami = await onHostile(['whoami', 'ozon'], route);
    expect(whoami.code).toBe(7);
    expect(whoami.stdout + whoami.stderr).toMatch(new RegExp(`redirected to a '${scheme}' URL`));
  });

  it('a same-origin loop says "too many redirects", not "not followed with credentials"', async () => {
    for (const r of [await onHostile(['call', 'ozon', 'GET', '/redirect-loop'], ''), await onHostile(['call', 'ozon', '/v3/product/list', '--paginate'], '/redirect-loop')]) {
      expectOneLineError(r, 7, /→ 302: too many redirects \(more than 5\); stopped$/);
    }
    const whoami = await onHostile(['whoami', 'ozon'], '/redirect-loop');
    expect(whoami.code).toBe(7);
    expect(whoami.stdout + whoami.stderr).toMatch(/too many redirects/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('a same-origin 307/308 after --input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mkt-redirect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'body.json');
  writeFileSync(file, '{"offer_id":"A-1","price":"100"}');
  const moved = (status: number) => api.handle((req, res) => {
    if (req.url === '/v1/product/import') { res.writeHead(status, { location: '/v2/product/import' }); res.end(); return; }
    json(res, 200, { ok: true });
  });

  it.each([307, 308])('%i: the file is opened again and sent whole to the new location', async (status) => {
    moved(status);
    const r = await call(['ozon', 'POST', '/v1/product/import', '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits.map((h) => `${h.method} ${h.url} ${h.body}`)).toEqual([
      'POST /v1/product/import {"offer_id":"A-1","price":"100"}',
      'POST /v2/product/import {"offer_id":"A-1","price":"100"}',
    ]);
  });

  it.each([307, 308])('%i: a body from stdin cannot be sent again: not followed, exit 7, says why', async (status) => {
    moved(status);
    const r = await runMkt(['call', 'ozon', 'POST', '/v1/product/import', '--input', '-'], { env: envFor(), input: '{"offer_id":"A-1"}' });
    expectOneLineError(r, 7, new RegExp(`POST /v1/product/import → ${status}: a redirect that keeps the body, but the body came from stdin and cannot be sent again; not followed$`));
    expect(api.hits.map((h) => `${h.method} ${h.url}`)).toEqual(['POST /v1/product/import']);
  });

  it('303 after --input still turns into a GET without a body, and 302 after a POST too', async () => {
    for (const status of [303, 302]) {
      api.hits.length = 0;
      moved(status);
      const r = await call(['ozon', 'POST', '/v1/product/import', '--input', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(api.hits.map((h) => `${h.method} ${h.url} ${h.body}`)).toEqual(['POST /v1/product/import {"offer_id":"A-1","price":"100"}', 'GET /v2/product/import ']);
    }
  });

  it('a 301 after a PUT from --input keeps the method and sends the file again', async () => {
    moved(301);
    const r = await call(['ozon', 'PUT', '/v1/product/import', '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits.map((h) => `${h.method} ${h.url} ${h.body}`)).toEqual([
      'PUT /v1/product/import {"offer_id":"A-1","price":"100"}',
      'PUT /v2/product/import {"offer_id":"A-1","price":"100"}',
    ]);
  });
});

