import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { joinUrl, resolveBaseUrl } from '../../src/core/base-url.js';
import { toCurl } from '../../src/core/curl.js';
import { formatHeaders } from '../../src/core/headers.js';
import { ozon } from '../../src/providers/ozon.js';
import { ozzie } from '../../src/providers/ozzie.js';

describe('base URL and joining', () => {
  it('prefers the flag, then the env var, then the saved value, then the default', () => {
    expect(resolveBaseUrl(ozon, {}).href).toBe('https://api-seller.ozon.ru/');
    expect(resolveBaseUrl(ozon, {}, undefined, 'https://saved.example').href).toBe('https://saved.example/');
    expect(resolveBaseUrl(ozon, { OZON_API_URL: 'http://127.0.0.1:9/ozon' }, undefined, 'https://saved.example').href).toBe('http://127.0.0.1:9/ozon');
    expect(resolveBaseUrl(ozon, { OZON_API_URL: 'http://127.0.0.1:9/ozon' }, 'https://flag.example').href).toBe('https://flag.example/');
  });
  it('allows plain http only to loopback', () => {
    expect(() => resolveBaseUrl(ozon, { OZON_API_URL: 'http://api.example.com' })).toThrow(/must use https/);
    expect(resolveBaseUrl(ozon, {}, 'http://localhost:8080').host).toBe('localhost:8080');
    expect(() => resolveBaseUrl(ozon, {}, 'not a url')).toThrow(/is not a URL/);
    expect(() => resolveBaseUrl(ozon, {}, 'api-seller.ozon.ru/v1')).toThrow("--base-url 'api-seller.ozon.ru/v1' is not a URL");
    // A key in the URL variable (the two swapped) is not repeated in the error.
    const key = 'sandbox-ozon-valid-3f9c1a7e-5b2d-4e8f-9a61-0c7d2b4e8f13';
    expect(() => resolveBaseUrl(ozon, { OZON_API_URL: key })).toThrow(`OZON_API_URL (${key.length} characters, not shown in case it is a key) is not a URL`);
  });
  it('keeps the base path and refuses other origins', () => {
    const base = new URL('http://127.0.0.1:9/ozon');
    expect(joinUrl(base, '/v1/roles').href).toBe('http://127.0.0.1:9/ozon/v1/roles');
    expect(joinUrl(base, 'v1/roles?x=1').href).toBe('http://127.0.0.1:9/ozon/v1/roles?x=1');
    expect(joinUrl(base, 'http://127.0.0.1:9/ozon/v1/x').href).toBe('http://127.0.0.1:9/ozon/v1/x');
    expect(() => joinUrl(base, 'https://evil.example/v1/roles')).toThrow("refusing to send credentials to https://evil.example: not the provider's origin http://127.0.0.1:9");
    const bare = new URL('https://api-seller.ozon.ru');
    for (const sneaky of ['//evil.example/x', '/\\evil.example/x', '\\\\evil.example/x', '/\t/evil.example/x']) {
      expect(() => joinUrl(bare, sneaky), sneaky).toThrow(/refusing to send credentials to https:\/\/evil\.example/);
    }
    expect(joinUrl(base, '//not-a-host/x').origin).toBe(base.origin);
  });
});

describe('curl and header formats', () => {
  const creds = { clientId: '123', apiKey: "se'cr$et-value" };
  it('prints a curl command that reads the secret from the env var', () => {
    const cmd = toCurl(ozon, creds, { method: 'POST', url: new URL('https://api-seller.ozon.ru/v1/roles'), headers: ozon.authorize(creds), body: '{}' });
    expect(cmd).not.toContain('cr$et');
    expect(cmd).toContain('$OZON_API_KEY');
    expect(cmd).toContain("'Client-Id: 123'");
  });
  it('reads a secret in the URL or the body from the env var too, and the shell gives back the same request', () => {
    const url = new URL('https://api-seller.ozon.ru/v1/x');
    url.searchParams.set('q', creds.apiKey);
    const body = JSON.stringify({ k: creds.apiKey, other: "it's" });
    const cmd = toCurl(ozon, creds, { method: 'POST', url, headers: { 'X-Echo': `k=${creds.apiKey}` }, body });
    expect(cmd).not.toContain('cr$et');
    // Run it with an echo in place of curl: the words come back as mkt would send them.
    const words = execFileSync('sh', ['-c', `curl() { for w in "$@"; do printf '%s\\n' "$w"; done; }; ${cmd}`], { env: { PATH: process.env.PATH, OZON_API_KEY: creds.apiKey } }).toString().split('\n');
    expect(words).toContain(body);
    expect(words).toContain(`X-Echo: k=${creds.apiKey}`);
    // This key needs percent-encoding in a URL, which "$OZON_API_KEY" would not give: the URL keeps
    // mkt's encoded form, for the caller's redaction to mask.
    expect(words).toContain(url.href);
    const safe = { ...creds, apiKey: 'url-safe-key_123' };
    const query = new URL(`https://api-seller.ozon.ru/v1/x?q=${safe.apiKey}`);
    expect(toCurl(ozon, safe, { method: 'GET', url: query, headers: {} })).toContain(`'https://api-seller.ozon.ru/v1/x?q='"$OZON_API_KEY"`);
  });
  it("rebuilds Ozzie's token in the shell, and the shell agrees with mkt", () => {
    const c = { clientId: 'ozz_client_x', clientSecret: 'sk_live_y' };
    const cmd = toCurl(ozzie, c, { method: 'GET', url: new URL('https://api.ozzieapp.com/v1/users'), headers: ozzie.authorize(c) });
    expect(cmd).not.toContain(Buffer.from('ozz_client_x:sk_live_y').toString('base64'));
    const header = /-H ("Authorization: [^"]*\$\([^)]*\)")/.exec(cmd)![1]!;
    const expanded = execFileSync('sh', ['-c', `printf %s ${header}`], { env: { PATH: process.env.PATH, OZZIE_CLIENT_ID: 'ozz_client_x', OZZIE_CLIENT_SECRET: 'sk_live_y' } }).toString();
    expect(expanded).toBe(`Authorization: ${ozzie.authorize(c).Authorization}`);
  });
  it('formats headers for other tools, quoting for the shell', () => {
    expect(formatHeaders(ozon, creds, 'http')).toBe("Client-Id: 123\nApi-Key: se'cr$et-value");
    expect(JSON.parse(formatHeaders(ozon, creds, 'json'))).toEqual({ 'Client-Id': '123', 'Api-Key': "se'cr$et-value" });
    const env = formatHeaders(ozon, creds, 'env');
    const out = execFileSync('sh', ['-c', `${env}; printf %s "$OZON_API_KEY"`]).toString();
    expect(out).toBe("se'cr$et-value");
    expect(() => formatHeaders(ozon, creds, 'yaml')).toThrow(/unknown format 'yaml'/);
  });
});
