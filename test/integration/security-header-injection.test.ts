/**
 * Security rules of docs/security.md about header injection, checked against the built CLI with a
 * loopback server that records whatever reached it: CR, LF, NUL and escape sequences from argv,
 * the environment or stdin never reach a header (refused, nothing sent), and a body is never read
 * as a second request.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSecret, expectOneLineError } from '../helpers/cli.js';
import { OZON, OZZIE, recordingOrigins, SECRETS, YANDEX } from '../helpers/recording-origins.js';

const { home, api, mkt, call } = await recordingOrigins();

// ---------------------------------------------------------------------------------------------
describe('CR, LF and NUL never reach a header', () => {
  // NUL cannot reach mkt through argv or the environment at all (the OS strings end at it); it is
  // checked where it can arrive: stdin (below) and the fuzzed parsers.
  it.each([
    ['-H with CRLF', ['-H', 'X-A: b\r\nX-Injected: yes']],
    ['-H with LF', ['-H', 'X-A: b\nX-Injected: yes']],
    ['-H with a lone CR', ['-H', 'X-A: b\rX-Injected: yes']],
    ['-H with an escape sequence', ['-H', 'X-A: b\u001b[2J']],
    ['an item with CRLF', ['X-A:b\r\nX-Injected: yes']],
    ['an item with a lone CR', ['X-A:b\rX-Injected: yes']],
  ])('refuses %s (exit 2, nothing sent)', async (_name, args) => {
    const r = await call(['ozon', 'POST', '/v1/roles', ...args]);
    expectOneLineError(r, 2, /control character/);
    expect(api.hits).toHaveLength(0);
  });

  it('refuses CR/LF in a -H header name (exit 2, nothing sent)', async () => {
    const r = await call(['ozon', 'POST', '/v1/roles', '-H', 'X-A\r\nX-Injected: yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mkt: -H /);
    expect(r.stderr).toContain("is not 'Name: value'");
    expect(api.hits).toHaveLength(0);
  });

  // Regression: -H input is quoted with control characters escaped.
  it('says so in one line when the -H name holds CR/LF', async () => {
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', '-H', 'X-A\r\nX-Injected: yes']), 2, /is not 'Name: value'/);
  });

  it.each([
    ['OZON_API_KEY', `${OZON.apiKey}\r\nX-Injected: yes`],
    ['OZON_API_KEY', `${OZON.apiKey}\u001b[2J`],
    ['OZON_CLIENT_ID', `${OZON.clientId}\nX-Injected: yes`],
    ['YANDEX_MARKET_API_KEY', `${YANDEX.token}\rX-Injected: yes`],
    ['OZZIE_CLIENT_SECRET', `${OZZIE.clientSecret}\nX-Injected: yes`],
  ])('refuses %s with a control character from the environment, without echoing it', async (name, value) => {
    const provider = name.split('_')[0]!.toLowerCase();
    const r = await mkt(['call', provider, '/x'], { [name]: value });
    expectOneLineError(r, 2, /control character/);
    expectNoSecret(r, ...SECRETS, 'X-Injected');
    expect(api.hits).toHaveLength(0);
  });

  it.each([
    ['a lone CR', `OZON_CLIENT_ID=${OZON.clientId}\nOZON_API_KEY=${OZON.apiKey}\rX-Injected: yes\n`],
    ['NUL', `{"OZON_CLIENT_ID":"${OZON.clientId}","OZON_API_KEY":"${OZON.apiKey}\\u0000"}`],
    ['an escape sequence', `{"OZON_CLIENT_ID":"${OZON.clientId}","OZON_API_KEY":"${OZON.apiKey}\\u001b[2J"}`],
  ])('refuses to store a value with %s (exit 2, nothing stored)', async (_name, input) => {
    const store = { MKT_PASSPHRASE: 'test-passphrase' };
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file', '--no-verify'], store, input);
    expectOneLineError(r, 2, /control character|stdin line 2 is not KEY=VALUE/);
    expectNoSecret(r, OZON.apiKey);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'))).toBe(false);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'secrets.enc'))).toBe(false);
  });

  it('refuses a key with characters a header cannot carry (exit 2), without retrying or echoing it', async () => {
    const r = await mkt(['call', 'ozon', '/v1/roles'], { OZON_API_KEY: `ключ-${OZON.apiKey}` });
    expectOneLineError(r, 2, /Api-Key/);
    expect(r.stderr).not.toMatch(/retrying/);
    expectNoSecret(r, OZON.apiKey);
    expect(api.hits).toHaveLength(0);
  });

  it('frames a body on a GET, so it is never read as a second request on the connection', async () => {
    const file = join(home.dir, 'body.json');
    writeFileSync(file, '{"smuggled":"GET /steal HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"}');
    for (const args of [['x=1'], ['-d', '{"x":1}'], ['--input', file]]) {
      const r = await call(['yandex', 'GET', '/v2/campaigns', ...args, '--retries', '0']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(api.parseErrors).toEqual([]);
    expect(api.hits.map((h) => `${h.method} ${h.url} ${h.body.length > 0}`)).toEqual(Array(3).fill('GET /v2/campaigns true'));
  });

  it('keeps CR/LF in a query item or path inside the URL, percent-encoded', async () => {
    const r = await call(['ozon', 'POST', '/v1/ro\r\nX-Injected: yes/les', 'q==a\r\nX-Injected: yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits).toHaveLength(1);
    expect(api.hits[0]!.headers['x-injected']).toBeUndefined();
    expect(api.hits[0]!.url).toMatch(/q=a%0D%0AX-Injected%3A\+yes$/);
  });
});
