/**
 * Security rules of docs/security.md about what is shown, checked against the built CLI with
 * loopback servers that echo the credentials back in bodies, headers, error messages and
 * redirects: mkt shows *** instead, in every output mode, on a terminal and under MKT_DEBUG=1.
 */
import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expectNoPieceOf, expectNoSecret, expectOneLineError } from '../helpers/cli.js';
import { hasScript, runOnTerminal } from '../helpers/script-terminal.js';
import { json, OZON, OZZIE, OZZIE_BEARER, PROVIDER_CALLS, recordingOrigins, SECRETS, URL_FORMS, YANDEX } from '../helpers/recording-origins.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';

const { api, other, envFor, mkt, call } = await recordingOrigins();

// ---------------------------------------------------------------------------------------------
describe('secrets echoed back by a server are redacted', () => {
  /** Echoes every credential it got: in the body, in a header, in the provider's error message. */
  const echo = (status: number) => (req: IncomingMessage, res: ServerResponse) => {
    const got = [req.headers['api-key'], req.headers.authorization, req.headers['client-id']].filter(Boolean).join(' ');
    const body = {
      code: 7,
      message: `Api-key ${got} is deactivated`,
      error: { code: 'UNAUTHORIZED', message: `bad credentials ${got}` },
      errors: [{ code: 'FORBIDDEN', message: `token ${got} is revoked` }],
      echo: req.headers,
      items: [{ key: req.headers['api-key'] ?? req.headers.authorization }],
    };
    json(res, status, body, { 'x-echo-credentials': got, 'set-cookie': `session=${got.replace(/\s/g, '_')}` });
  };

  it.each(PROVIDER_CALLS)('%s: --json, --filter, -i and --verbose show *** instead', async (provider, request) => {
    api.handle(echo(200));
    const runs = {
      json: await call([provider, ...request, '--json']),
      filter: await call([provider, ...request, '--filter', 'items[].key']),
      include: await call([provider, ...request, '-i']),
      verboseJson: await call([provider, ...request, '--verbose', '--json']),
      dryRun: await call([provider, ...request, '--dry-run']),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expectNoSecret(r, ...SECRETS);
    }
    expect(runs.json.stdout).toContain('***');
    expect(runs.filter.stdout.trim()).toMatch(/\*\*\*/);
    expect(runs.include.stdout).toMatch(/^x-echo-credentials: .*\*\*\*/m);
    expect(runs.include.stdout).toMatch(/"echo":\{/); // the body is there, redacted
    expect(runs.verboseJson.stderr).toMatch(/^x-echo-credentials: .*\*\*\*/m);
  });

  it.each(PROVIDER_CALLS)('%s: the error message, -i and --verbose of a rejected call show *** instead', async (provider, request) => {
    api.handle(echo(403));
    const plain = await call([provider, ...request]);
    expectOneLineError(plain, 4, /\*\*\*/);
    expectNoSecret(plain, ...SECRETS);
    for (const flag of ['-i', '--verbose', '--json', '--raw']) {
      const r = await call([provider, ...request, flag]);
      expect(r.code, `${flag}: ${r.stderr}`).toBe(4);
      expectNoSecret(r, ...SECRETS);
    }
    const whoami = await mkt(['whoami', provider]);
    expect(whoami.code).toBe(4);
    expectNoSecret(whoami, ...SECRETS);
  });

  it('redacts what an accepted whoami shows: names, scopes, company and dates the server filled with the key', async () => {
    api.handle((req, res) => {
      const got = String(req.headers['api-key'] ?? '');
      json(res, 200, {
        roles: [{ name: `Admin ${got}` }], expires_at: got, company: { name: `ACME ${got}` },
        result: { apiKey: { name: `key ${got}`, authScopes: [got] } },
      });
    });
    for (const provider of ['ozon', 'yandex']) {
      for (const flags of [[], ['--json']]) {
        const r = await mkt(['whoami', provider, ...flags]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('***');
        expectNoSecret(r, ...SECRETS);
      }
    }
  });

  it('masks a secret before cutting: an error body past 200 characters, and the keys of a --filter note', async () => {
    api.handle((req, res) => {
      const got = String(req.headers['api-key'] ?? '');
      if (req.url?.startsWith('/text')) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${'E'.repeat(180)} bad key ${got}`);
        return;
      }
      json(res, 200, { [got]: 1 });
    });
    const text = await call(['ozon', 'GET', '/text', '--retries', '0']);
    expectOneLineError(text, 7, /E bad key \*\*\*$/);
    const note = await call(['ozon', 'GET', '/keys', '--filter', 'nosuch']);
    expect(note.stderr).toMatch(/its keys: '\*\*\*'/);
    for (const r of [text, note]) expectNoPieceOf(r, OZON.apiKey);
  });

  it('masks a key typed into a request item or -d before the error quotes (and cuts) it', async () => {
    const long = 'x'.repeat(70);
    for (const args of [[`${long}:=${OZON.apiKey}`], [`Api-Key ${OZON.apiKey}`], ['-d', `${OZON.apiKey}`]]) {
      const r = await call(['ozon', 'POST', '/v1/roles', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expectNoPieceOf(r, OZON.apiKey);
    }
    expect(api.hits).toHaveLength(0);
  });

  it('--curl reads a key in the query or the body from the env var as well', async () => {
    const r = await call(['ozon', 'POST', '/v1/roles', `q==${OZON.apiKey}`, `k=${OZON.apiKey}`, '--curl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"$OZON_API_KEY"');
    expectNoSecret(r, OZON.apiKey);
    // Forms no variable gives: a token percent-encoded in the query, Ozzie's derived token typed in.
    for (const args of [['yandex', 'GET', '/v2/x', `q==${YANDEX.token}`], ['ozzie', 'POST', '/v1/users', `X-T:${OZZIE_BEARER}`, `t=${OZZIE_BEARER}`]]) {
      for (const mode of ['--curl', '--dry-run']) {
        const out = await call([...args, mode]);
        expect(out.code, out.stderr).toBe(0);
        expectNoSecret(out, ...URL_FORMS);
      }
    }
  });

  it('redacts a secret inside an HTML error page and a cross-origin Location', async () => {
    api.handle((req, res) => {
      if (req.url?.startsWith('/html')) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html><head><title>bad key ${req.headers['api-key']}</title></head><body>${req.headers['api-key']}</body></html>`);
        return;
      }
      res.writeHead(302, { location: `${other.url}/?key=${req.headers['api-key']}` });
      res.end();
    });
    const html = await call(['ozon', 'GET', '/html', '--retries', '0']);
    expectOneLineError(html, 7, /HTML page "bad key \*\*\*"/);
    const htmlVerbose = await call(['ozon', 'GET', '/html', '--retries', '0', '-i', '--verbose']);
    expectNoSecret(html, ...SECRETS);
    expectNoSecret(htmlVerbose, ...SECRETS);
    const away = await call(['ozon', 'GET', '/away', '-i', '--verbose']);
    expect(away.code).toBe(7);
    expect(away.stdout).toMatch(/^location: .*key=\*\*\*/m);
    expectNoSecret(away, ...SECRETS);
    expect(other.hits).toHaveLength(0);
  });

  it('does not name a redirect origin whose host name holds the token (host names are lower-cased)', async () => {
    const oauth = S.yandex.oauth.token;
    api.handle((req, res) => {
      res.writeHead(302, { location: `https://${String(req.headers.authorization).replace(/^\S+\s+/, '')}.example.com/` });
      res.end();
    });
    const r = await call(['yandex', 'GET', '/v2/campaigns', '--retries', '0'], { YANDEX_MARKET_API_KEY: oauth });
    expectOneLineError(r, 7, /redirected to another origin \(its name holds a credential\); not followed with credentials$/);
    expectNoSecret(r, oauth.toLowerCase());
  });

  it('keeps escape sequences and line breaks of a hostile error message out of the error line', async () => {
    api.handle((req, res) => {
      const hostile = `Api-key bad\u001b]0;pwned\u0007\u001b[2J\r\nmkt: fake second line ${req.headers['api-key'] ?? req.headers.authorization}`;
      json(res, 403, { code: 7, message: hostile, error: { message: hostile }, errors: [{ message: hostile }] });
    });
    for (const [provider, request] of PROVIDER_CALLS) {
      const r = await call([provider, ...request]);
      expectOneLineError(r, 4, /bad \]0;pwned \[2J mkt: fake second line \*\*\*$/);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      const whoami = await mkt(['whoami', provider]);
      expect(whoami.code).toBe(4);
      expect(whoami.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(whoami.stdout).not.toMatch(/^mkt: fake/m);
      expectNoSecret(whoami, ...SECRETS);
    }
  });

  it('redacts the echo in pages of --paginate', async () => {
    api.handle((req, res) => json(res, 200, { result: { items: [{ k: req.headers['api-key'] }], last_id: '' } }));
    const pages = await call(['ozon', '/v3/product/list', 'limit:=1', '--paginate']);
    const items = await call(['ozon', '/v3/product/list', 'limit:=1', '--paginate', '--items']);
    for (const r of [pages, items]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('***');
      expectNoSecret(r, ...SECRETS);
    }
  });

  if (!hasScript) console.log('skipping the terminal redaction test: util-linux `script` is not installed');
  it.skipIf(!hasScript)('redacts the pretty, coloured body and the errors on a terminal (util-linux script)', async () => {
    api.handle((req, res) => echo(req.url === '/v1/roles' ? 200 : 403)(req, res));
    for (const [provider, request] of PROVIDER_CALLS) {
      const ok = await runOnTerminal(['call', provider, request[0]!, '/v1/roles'], { ...envFor(), FORCE_COLOR: '1' });
      expect(ok.code, ok.stdout).toBe(0);
      expect(ok.stdout).toMatch(/"echo": \{/);
      expect(ok.stdout).toContain('***');
      expectNoSecret(ok, ...SECRETS);
      const rejected = await runOnTerminal(['call', provider, request[0]!, '/denied', '-i', '--verbose'], envFor());
      expect(rejected.code).toBe(4);
      expectNoSecret(rejected, ...SECRETS);
    }
  });

  it('prints no secret and no stack trace under MKT_DEBUG=1, on every failure path', async () => {
    const debug = { MKT_DEBUG: '1' };
    api.handle((req, res) => {
      if (req.url === '/reset') { req.socket.destroy(); return; }
      if (req.url === '/away') { res.writeHead(302, { location: `${other.url}/?k=${req.headers['api-key']}` }); res.end(); return; }
      echo(req.url === '/rate' ? 429 : req.url === '/server' ? 500 : 403)(req, res);
    });
    const runs = [
      await call(['ozon', 'GET', '/rejected', '-i', '--verbose'], debug),
      await call(['ozon', 'GET', '/server', '--retries', '0', '--verbose'], debug),
      await call(['ozon', 'GET', '/rate', '--retries', '0'], debug),
      await call(['ozon', 'GET', '/reset', '--retries', '0'], debug),
      await call(['ozon', 'GET', '/away'], debug),
      await mkt(['whoami'], debug),
      await call(['ozon', 'GET', '/x'], { ...debug, OZON_API_URL: 'http://127.0.0.1:1' , }),
    ];
    for (const r of runs) {
      expect(r.code).toBeGreaterThan(1);
      expectNoSecret(r, ...SECRETS);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
    }
  });

  it('keeps secrets out of an internal error and its MKT_DEBUG stack trace', async () => {
    // Was an internal error (exit 1, stack under MKT_DEBUG) before the filter fix; now a usage error.
    // Either way nothing mkt knows may be added to what the user typed.
    const r = await call(['ozon', 'POST', '/v1/roles', '--filter', `a["${OZON.apiKey}\\x"]`], { MKT_DEBUG: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^mkt: /);
    // The path is the user's own text; what matters is that nothing mkt knows is added to it.
    expect(r.stderr.replaceAll(`a["${OZON.apiKey}\\x"]`, '')).not.toContain(OZZIE.clientSecret);
    expectNoSecret(r, YANDEX.token, OZZIE.clientSecret, OZZIE_BEARER);
  });
});

