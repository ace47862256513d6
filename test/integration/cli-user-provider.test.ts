import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, expectNoPieceOf, expectOneLineError, runMkt, tempHome, type RunResult } from '../helpers/cli.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { exampleSpec } from '../helpers/user-spec.js';

/**
 * A new user's path with their own provider: the docs' Airtable spec in the config dir, pointed at a
 * tiny Airtable-like server on loopback (answers shaped as Airtable's docs show them).
 */
const TOKEN = 'patT3stUserSpec0.7f3c9a1be2d44c6b8e5f0a9d3c2b1e4f6a8d7c5b3e1f2a4c6b8d0e9f7a5c3b1d';

let server: Server;
let baseUrl: string;
const seen: Array<{ method: string; url: string; auth?: string }> = [];

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const BASES = [
  { bases: [{ id: 'appB1', name: 'One', permissionLevel: 'create' }, { id: 'appB2', name: 'Two', permissionLevel: 'edit' }], offset: 'itr1/appB2' },
  { bases: [{ id: 'appB3', name: 'Three', permissionLevel: 'read' }], offset: 'itr2/appB3' },
  { bases: [{ id: 'appB4', name: 'Four', permissionLevel: 'comment' }] },
];

function airtable(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization });
  const url = new URL(req.url!, 'http://x');
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return answer(res, 401, { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } });
  if (url.pathname === '/v0/meta/whoami') return answer(res, 200, { id: 'usrL2PNC5o3H4lBEi', email: 'foo@bar.com' });
  if (url.pathname === '/v0/meta/bases') return answer(res, 200, BASES[['itr1/appB2', 'itr2/appB3'].indexOf(url.searchParams.get('offset') ?? '') + 1]);
  if (url.pathname.startsWith('/v0/appNoAccess/')) {
    return answer(res, 403, { error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', message: 'Invalid permissions, or the requested model was not found.' } });
  }
  answer(res, 404, { error: 'NOT_FOUND' });
}

beforeAll(async () => {
  server = createServer(airtable);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
const providersDir = () => join(home.env.MKT_CONFIG_DIR!, 'providers');
const writeSpec = (name: string, spec: unknown) => writeFileSync(join(providersDir(), name), typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2));

beforeEach(() => {
  home = tempHome();
  mkdirSync(providersDir(), { recursive: true });
  writeSpec('airtable.json', exampleSpec());
  env = { ...home.env, AIRTABLE_ENDPOINT_URL: baseUrl, MKT_PASSPHRASE: 'test-passphrase' };
  seen.length = 0;
});
afterEach(() => home.cleanup());

const mkt = (args: string[], input?: string, extra: Record<string, string> = {}) => runMkt(args, { env: { ...env, ...extra }, input });

/** Not the token, nor any 8 characters of it. */
function clean(result: RunResult): RunResult {
  expectNoPieceOf(result, TOKEN);
  return result;
}

describe('a user-defined provider, from login to logout', () => {
  it('login --stdin → status → whoami → call → headers → exec → logout, the token in no output but headers', async () => {
    const login = clean(await mkt(['login', 'airtable', '--stdin', '--store', 'file'], `AIRTABLE_API_KEY=${TOKEN}\n`));
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Logged in to Airtable Web API \(profile default; verified, stored in file\)/);
    expect(login.stdout).toMatch(/user\s+usrL2PNC5o3H4lBEi\n\s+email\s+foo@bar\.com/);

    const status = clean(await mkt(['status', '--json']));
    expect(JSON.parse(status.stdout)).toMatchObject([{ provider: 'airtable', profile: 'default', source: 'file' }]);

    const who = clean(await mkt(['whoami', '--json']));
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject([{ provider: 'airtable', ok: true, source: 'file', identity: { user: 'usrL2PNC5o3H4lBEi', email: 'foo@bar.com' } }]);

    const pages = clean(await mkt(['call', 'airtable', '/v0/meta/bases', '--paginate', '--items']));
    expect(pages.code, pages.stderr).toBe(0);
    expect(pages.stdout.trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(['appB1', 'appB2', 'appB3', 'appB4']);
    expect(seen.filter((r) => r.url.startsWith('/v0/meta/bases')).map((r) => r.url)).toEqual([
      '/v0/meta/bases', '/v0/meta/bases?offset=itr1%2FappB2', '/v0/meta/bases?offset=itr2%2FappB3',
    ]);

    const curl = clean(await mkt(['call', 'airtable', '/v0/meta/bases', '--curl']));
    expect(curl.stdout).toContain(`-H 'Authorization: Bearer '"$AIRTABLE_API_KEY"`);

    const headers = await mkt(['headers', 'airtable']);
    expect(headers.stdout).toBe(`Authorization: Bearer ${TOKEN}\n`);

    const exec = clean(await mkt(['exec', 'airtable', '--', process.execPath, '-e',
      'process.exit(process.env.AIRTABLE_API_KEY === process.env.EXPECTED && process.env.AIRTABLE_ENDPOINT_URL === process.env.BASE ? 0 : 9)'], '', { EXPECTED: TOKEN, BASE: baseUrl }));
    expect(exec.code, exec.stderr).toBe(0);

    const out = clean(await mkt(['logout', 'airtable']));
    expect(out.stdout).toBe('Removed airtable (profile default, file)\n');
    expect(clean(await mkt(['whoami', 'airtable'])).code).toBe(3);
    expect(seen.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a rejected token is exit 4 with Airtable\'s own message, and nothing is stored', async () => {
    const wrong = 'patWrongWrong0.0000000000000000000000000000000000000000000000000000000000000000';
    const login = await mkt(['login', 'airtable', '--stdin', '--store', 'file'], `${wrong}\n`);
    expectOneLineError(login, 4, /airtable: GET \/v0\/meta\/whoami → 401.*Authentication required/);
    expectNoPieceOf(login, wrong);
    expect((await mkt(['status'])).stdout).toMatch(/^No credentials stored/);
  });

  it('a 403 (a token without access to that base) is not "rejected": exit 7, from the env set', async () => {
    const call = clean(await mkt(['call', 'airtable', '/v0/appNoAccess/tblX'], '', { AIRTABLE_API_KEY: TOKEN }));
    expectOneLineError(call, 7, /airtable: GET \/v0\/appNoAccess\/tblX → 403.*Invalid permissions/);
  });

  it('redacts its variables from usage errors too, though the spec is read only when something is redacted', async () => {
    // A word-like value no shape check would take for a key: only knowing the variable hides it.
    const secret = 'correct-horse-battery-staple';
    const asProfile = await mkt(['whoami', '--profile', secret], '', { AIRTABLE_API_KEY: secret });
    expectOneLineError(asProfile, 2, /profile name \(28 characters, not shown in case it is a key\) holds the value of a credential variable/);
    const asOption = await mkt(['call', 'airtable', '/v0/meta/bases', `--bogus=${secret}`], '', { AIRTABLE_API_KEY: secret });
    expect(asOption.code).toBe(2);
    for (const result of [asProfile, asOption]) expectNoPieceOf(result, secret);
  });

  it('sends its credentials to its own origin only', async () => {
    const call = clean(await mkt(['call', 'airtable', 'https://api.airtable.example.net/v0/meta/bases'], '', { AIRTABLE_API_KEY: TOKEN }));
    expectOneLineError(call, 2, /refusing to send credentials to https:\/\/api\.airtable\.example\.net: not the provider's origin http:\/\/127\.0\.0\.1:\d+/);
    expect(seen).toEqual([]);
  });

  it('is listed by providers, with the file it came from', async () => {
    const list = await mkt(['providers', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { id: string }) => p.id)).toEqual(['ozon', 'yandex', 'ozzie', 'wb', 'airtable']);
    expect(JSON.parse(list.stdout)[4]).toMatchObject({ baseUrlEnv: 'AIRTABLE_ENDPOINT_URL', pagination: 'query', spec: join(providersDir(), 'airtable.json') });
  });
});

describe('a spec that does not load', () => {
  const acme = {
    id: 'acme', title: 'Acme', docsUrl: 'https://acme.example/docs', baseUrl: 'https://api.acme.example', baseUrlEnv: 'ACME_API_URL',
    fields: [{ key: 'token', label: 'Token', env: 'ACME_TOKEN', secret: true }],
    auth: { headers: { 'X-Key': '{token}' } },
    verify: { method: 'GET', path: '/me' },
  };
  const ozonEnv = { OZON_CLIENT_ID: '123456', OZON_API_KEY: 'ozon-key-for-this-test' };
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it.each<[string, unknown, RegExp]>([
    ['an unknown field in a template', { ...acme, auth: { headers: { 'X-Key': '{tokn}' } } }, /^mkt: providers\/acme\.json: auth\.headers\.X-Key: unknown field \{tokn\} \(fields: token\)$/m],
    ['a built-in\'s variable', { ...acme, fields: [{ ...acme.fields[0], env: 'OZON_API_KEY' }] }, /^mkt: providers\/acme\.json: fields\[0\]\.env: OZON_API_KEY is already read by the built-in ozon$/m],
    ['plain http', { ...acme, baseUrl: 'http://api.acme.example' }, /^mkt: providers\/acme\.json: baseUrl: http:\/\/api\.acme\.example must use https/m],
    ['broken JSON', '{"id": "acme",', /^mkt: providers\/acme\.json: not valid JSON: .*\(line 1, column 15\)$/m],
  ])('%s: the command that names it exits 2 with one line; the built-ins run without a word about it', async (_name, spec, expected) => {
    writeSpec('acme.json', spec);
    const login = await mkt(['login', 'acme', '--stdin'], 'ACME_TOKEN=abcdefgh\n');
    expectOneLineError(login, 2, expected);
    expect(login.stderr).toContain(join(providersDir(), 'acme.json'));
    const ozon = await mkt(['headers', 'ozon'], '', ozonEnv);
    expect(ozon).toMatchObject({ code: 0, stderr: '', stdout: 'Client-Id: 123456\nApi-Key: ozon-key-for-this-test\n' });
    const call = await mkt(['call', 'ozon', 'POST', '/v1/roles'], '', { OZON_API_URL: sandbox.baseUrls.ozon, OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey });
    expect(call.code, call.stderr).toBe(0);
    expect(call.stderr).toBe('');
    expect(JSON.parse(call.stdout)).toHaveProperty('roles');
    expect((await mkt(['headers', 'airtable'], '', { AIRTABLE_API_KEY: TOKEN })).code).toBe(0);
  });

  it('providers lists what loaded, reports each bad file on stderr, and exits 2', async () => {
    writeSpec('acme.json', { ...acme, tokn: 1 });
    writeSpec('beta.yaml', 'id: beta');
    const list = await mkt(['providers']);
    expect(list.code).toBe(2);
    expect(list.stdout).toMatch(/^airtable {2}Airtable Web API$/m);
    expect(list.stderr).toBe([
      'mkt: providers/acme.json: tokn: unknown key (known: id, title, docsUrl, baseUrl, baseUrlEnv, fields, auth, verify, errors, rateLimit, paginate, readOnly, pace, guide)',
      `  not loaded; fix ${join(providersDir(), 'acme.json')}`,
      'mkt: providers/beta.yaml: only JSON specs are read: write it as providers/beta.json',
      `  not loaded; fix ${join(providersDir(), 'beta.yaml')}`,
      '',
    ].join('\n'));
    expectOneLineError(await mkt(['call', 'beta', '/x']), 2, /^mkt: providers\/beta\.yaml: only JSON specs are read/);
    expectOneLineError(await mkt(['call', 'gamma', '/x']), 2, /unknown provider 'gamma' \(known: ozon, yandex, ozzie, wb, airtable\)/);
  });

  it('cannot shadow a built-in: ozon stays the built-in, and the file is reported', async () => {
    writeSpec('ozon.json', { ...acme, id: 'ozon', baseUrl: baseUrl, fields: [{ key: 'token', label: 'Token', env: 'EVIL_TOKEN', secret: true }] });
    expect((await mkt(['headers', 'ozon'], '', ozonEnv)).stdout).toBe('Client-Id: 123456\nApi-Key: ozon-key-for-this-test\n');
    expect((await mkt(['providers'])).stderr).toMatch(/^mkt: providers\/ozon\.json: id: ozon is the built-in Ozon Seller API; a spec cannot replace it/);
  });

  it('whoami fails the row of a stored profile whose spec broke (exit 2), and logout still removes it', async () => {
    expect((await mkt(['login', 'airtable', '--stdin', '--store', 'file'], `${TOKEN}\n`)).code).toBe(0);
    writeSpec('airtable.json', { ...exampleSpec(), verify: { method: 'DELETE', path: '/v0/meta/whoami' } });
    const who = clean(await mkt(['whoami']));
    expect(who.code).toBe(2);
    expect(who.stdout).toMatch(/✗ airtable \(profile default\)\n {4}providers\/airtable\.json: verify\.method: DELETE \/v0\/meta\/whoami is not read-only/);
    expectOneLineError(await mkt(['call', 'airtable', '/v0/meta/bases']), 2, /^mkt: providers\/airtable\.json: verify\.method/);
    const out = clean(await mkt(['logout', 'airtable']));
    expect(out).toMatchObject({ code: 0, stdout: 'Removed airtable (profile default, file)\n' });
  });

  it('whoami of every set fails for a broken spec even with nothing stored: its variables may be set in CI', async () => {
    writeSpec('acme.json', '{');
    const who = await mkt(['whoami', '--json'], '', { ACME_TOKEN: 'set-in-ci-0123456789' });
    expect(who.code).toBe(2);
    expect(JSON.parse(who.stdout)).toMatchObject([{ provider: 'acme', ok: false, exitCode: 2, error: expect.stringMatching(/^providers\/acme\.json: not valid JSON/) }]);
  });
});

describe('help reads the registry', () => {
  it('a user provider is offered with the built-ins, with its own examples and base-URL variable', async () => {
    const call = await mkt(['call', '--help']);
    expect(call.code).toBe(0);
    expect(call.stdout).toMatch(/provider +ozon, yandex, ozzie, wb or airtable/);
    expect((await mkt(['--help'])).stdout).toMatch(/AIRTABLE_ENDPOINT_URL/);
  });
});

describe('start-up', () => {
  const strace = (() => {
    try {
      execFileSync('strace', ['-V'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  /** The file-name syscalls of one run (open, stat, readdir...), as strace sees them. */
  function fileCalls(args: string[]): string {
    const log = join(home.dir, `strace-${args[0]}.log`);
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=%file,getdents64', '-o', log, process.execPath, BIN, ...args], { env: { ...env, PATH: process.env.PATH }, stdio: 'ignore' });
    return readFileSync(log, 'utf8');
  }

  // CI installs strace (.ci/run); only a machine without it skips, and CI fails instead of skipping.
  it.skipIf(!strace && !process.env.CI)('--version never opens the providers directory; a command that needs providers does (--help lists them)', () => {
    const dir = providersDir();
    expect(fileCalls(['--version'])).not.toContain(dir);
    expect(fileCalls(['status'])).toContain(dir);
    expect(fileCalls(['--help'])).toContain(dir);
  });
});
