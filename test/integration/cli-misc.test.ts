import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { builtInProviders } from '../../src/providers/index.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoSecret, expectOneLineError, runMkt, tempHome } from '../helpers/cli.js';
import { hasScript, runOnTerminal } from '../helpers/script-terminal.js';

const home = tempHome();
afterAll(() => home.cleanup());
const ozonEnv = { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey };
const mkt = (args: string[], env: Record<string, string> = {}) => runMkt(args, { env: { ...home.env, ...env } });

describe('mkt exec', () => {
  it("sets the provider's variables and the base URL in the child's env and passes its exit code through", async () => {
    const r = await mkt(['exec', 'ozon', '--', 'sh', '-c', 'printf "%s|%s|%s" "$OZON_CLIENT_ID" "$OZON_API_KEY" "$OZON_API_URL"; exit 42'], ozonEnv);
    expect(r.code).toBe(42);
    expect(r.stdout).toBe(`${S.ozon.valid.clientId}|${S.ozon.valid.apiKey}|https://api-seller.ozon.ru`);
  });
  it('reports a child killed by a signal as 128 + n', async () => {
    expect((await mkt(['exec', 'ozon', '--', 'sh', '-c', 'kill -TERM $$'], ozonEnv)).code).toBe(143);
  });
  it('a missing program is exit 127 (the shell\'s code); missing credentials exit 3, and nothing runs', async () => {
    expectOneLineError(await mkt(['exec', 'ozon', '--', 'no-such-program-mkt'], ozonEnv), 127, /cannot run 'no-such-program-mkt': command not found/);
    const r = await mkt(['exec', 'yandex', '--', 'sh', '-c', 'echo ran']);
    expectOneLineError(r, 3, /no credentials for yandex/);
    expect(r.stdout).toBe('');
  });
});

describe('mkt headers', () => {
  it('prints the auth headers in every format, and the env format evaluates back to the values', async () => {
    const ozzie = { OZZIE_CLIENT_ID: S.ozzie.valid.clientId, OZZIE_CLIENT_SECRET: S.ozzie.valid.clientSecret };
    const token = Buffer.from(`${ozzie.OZZIE_CLIENT_ID}:${ozzie.OZZIE_CLIENT_SECRET}`).toString('base64');
    expect((await mkt(['headers', 'ozzie'], ozzie)).stdout).toBe(`Authorization: Bearer ${token}\n`);
    expect(JSON.parse((await mkt(['headers', 'ozzie', '--format', 'json'], ozzie)).stdout)).toEqual({ Authorization: `Bearer ${token}` });
    expect((await mkt(['headers', 'ozzie', '-f', 'curl'], ozzie)).stdout).toBe(`-H 'Authorization: Bearer ${token}'\n`);
    const env = (await mkt(['headers', 'ozzie', '--format', 'env'], ozzie)).stdout;
    const { stdout } = await promisify(execFile)('sh', ['-c', `${env}\nprintf %s "$OZZIE_CLIENT_SECRET"`]);
    expect(stdout).toBe(ozzie.OZZIE_CLIENT_SECRET);
  });
  it('the curl example of `headers --help` works as written', async () => {
    const help = (await mkt(['headers', '--help'])).stdout;
    const example = /^ {2}(eval "curl .*)$/m.exec(help)![1]!;
    // The same command, pointed at a loopback server that answers with the headers it got.
    const server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/roles`;
      const script = example.replace('https://api-seller.ozon.ru/v1/roles', url).replace('mkt ', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} `);
      const { stdout } = await promisify(execFile)('sh', ['-c', script], { env: { PATH: process.env.PATH, ...home.env, ...ozonEnv } });
      expect(JSON.parse(stdout)).toMatchObject({ 'client-id': S.ozon.valid.clientId, 'api-key': S.ozon.valid.apiKey });
    } finally {
      server.close();
    }
  });
  it('an unknown format is exit 2 and prints no secret', async () => {
    const r = await mkt(['headers', 'ozon', '--format', 'yaml'], ozonEnv);
    expectOneLineError(r, 2, /unknown format 'yaml' \(use http, json, curl, env\)/);
    expectNoSecret(r, S.ozon.valid.apiKey);
  });
});

describe('mkt providers, status, logout, usage', () => {
  it('lists the registry as JSON', async () => {
    const list = JSON.parse((await mkt(['providers', '--json'])).stdout) as Array<{ id: string; fields: Array<{ env: string }> }>;
    expect(list.map((p) => p.id)).toEqual(builtInProviders.map((p) => p.id));
    expect(list[0]!.fields.map((f) => f.env)).toEqual(['OZON_CLIENT_ID', 'OZON_API_KEY']);
    expect((await mkt(['providers', 'ym'])).stdout).toMatch(/How to get credentials:\n\s+• Only the cabinet owner/);
  });
  it('status shows env sets, flags partial ones, and never a secret', async () => {
    const r = await mkt(['status'], { ...ozonEnv, YANDEX_MARKET_API_KEY: S.yandex.valid.token, OZZIE_CLIENT_ID: 'ozz_client_sandbox' });
    expect(r.stdout).toMatch(/ozon\s+-\s+env\s+Client-Id ••••0200\s+from environment/);
    expect(r.stdout).toMatch(/ozzie\s+-\s+env\s+client_id ••••dbox\s+incomplete: OZZIE_CLIENT_SECRET missing/);
    expectNoSecret(r, S.ozon.valid.apiKey, S.yandex.valid.token);
    // Swapped: the Client-Id variable holds the key, whose last characters are not shown either.
    const swapped = await mkt(['status'], { OZON_CLIENT_ID: S.ozon.valid.apiKey, OZON_API_KEY: S.ozon.valid.clientId });
    expect(swapped.stdout).toMatch(/ozon\s+-\s+env\s+Client-Id \(not valid, not shown\)/);
    expectNoSecret(swapped, S.ozon.valid.apiKey.slice(-4));
  });
  it('bad request input is exit 2 even when no credentials are set (it is the first thing to fix)', async () => {
    expectOneLineError(await mkt(['call', 'ozon', '/x', 'a[bad=1']), 2, /unbalanced brackets/);
    expectOneLineError(await mkt(['call', 'ozon', '/x', '-d', '{"a":']), 2, /^mkt: -d is not valid JSON \(Unexpected end of JSON input\)/);
    expectOneLineError(await mkt(['call', 'ozon', '/x']), 3, /no credentials/);
  });
  it('MKT_CONFIG_DIR naming a file: exit 8, and where mkt keeps its files', async () => {
    const file = join(home.dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await mkt(['status'], { MKT_CONFIG_DIR: file });
    expectOneLineError(r, 8, /cannot read config index .*: a part of the path is a file, not a directory$/);
    expect(r.stderr).toMatch(/^ {2}mkt keeps its files in MKT_CONFIG_DIR \(default ~\/\.config\/mkt\): it must be a directory you can read and write$/m);
  });
  it('logout with nothing stored is exit 3; with neither provider nor --all exit 2', async () => {
    expectOneLineError(await mkt(['logout', 'ozon']), 3, /no stored credentials for ozon \(profile default\)/);
    expectOneLineError(await mkt(['logout']), 2, /name a provider to log out of, or pass --all/);
    expect((await mkt(['logout', '--all'])).stdout).toBe('Nothing stored.\n');
  });
  it('unknown command and unknown option are exit 2 with one line', async () => {
    expectOneLineError(await mkt(['wohami']), 2, /unknown command 'wohami'/);
    expectOneLineError(await mkt(['help', 'wohami']), 2, /^mkt: unknown command 'wohami'; the commands are listed by mkt --help$/);
    expect((await mkt(['help', 'call'])).stdout).toMatch(/^Usage: mkt call /);
    expectOneLineError(await mkt(['whoami', '--frobnicate']), 2, /unknown option '--frobnicate'/);
    expectOneLineError(await mkt(['call', 'ozon', 'POST']), 2, /missing the request path/);
  });
  it('no arguments is the help: on stdout, exit 0 (as gh does)', async () => {
    const r = await mkt([]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe((await mkt(['--help'])).stdout);
    expect(r.stdout).toMatch(/^Usage: mkt \[options\] \[command\]\n/);
  });
  it("a command's help lists the global options too", async () => {
    for (const help of [await mkt(['call', '--help']), await mkt(['help', 'whoami'])]) {
      const global = help.stdout.slice(help.stdout.indexOf('Global Options:'));
      expect(global).toMatch(/^Global Options:\n/);
      expect(global).toMatch(/^ {2}-p, --profile <name> /m);
      expect(global).toMatch(/^ {2}--base-url <url> /m);
    }
  });
  it('a misspelt provider gets a "did you mean", as a misspelt command does', async () => {
    const known = builtInProviders.map((p) => p.id).join(', ');
    expectOneLineError(await mkt(['call', 'ozn', 'GET', '/x']), 2, new RegExp(`^mkt: unknown provider 'ozn' \\(known: ${known}\\)$`));
    expect((await mkt(['call', 'ozn', 'GET', '/x'])).stderr).toBe(`mkt: unknown provider 'ozn' (known: ${known})\n  (Did you mean ozon?)\n`);
    expect((await mkt(['whoami', 'Yandx'])).stderr).toMatch(/\n {2}\(Did you mean yandex\?\)\n$/);
    expect((await mkt(['headers', 'ozz'])).stderr).toMatch(/\n {2}\(Did you mean one of ozon, ozzie\?\)\n$/);
    // Nothing close: no guess, and a key given as the provider is still not quoted.
    expect((await mkt(['headers', 'aliexpress'])).stderr).toBe(`mkt: unknown provider 'aliexpress' (known: ${known})\n`);
    const key = await mkt(['headers', S.ozon.valid.apiKey]);
    expect(key.stderr).not.toMatch(/Did you mean/);
    expectNoSecret(key, S.ozon.valid.apiKey);
  });
  it('the mkt: of an error line is red where colour is shown (FORCE_COLOR, a terminal), never with NO_COLOR', async () => {
    const red = '\u001b[31mmkt:\u001b[39m ';
    // mkt's own usage error, commander's, a command's failure (exit 3), commander's with a hint.
    const errors: Array<[string[], number]> = [[['call', 'ozn', 'GET', '/x'], 2], [['whoami', '--frobnicate'], 2], [['headers', 'yandex'], 3], [['wohami'], 2]];
    for (const [args, code] of errors) {
      const coloured = await mkt(args, { FORCE_COLOR: '1' });
      expect(coloured.code, args.join(' ')).toBe(code);
      expect(coloured.stderr.startsWith(red), coloured.stderr).toBe(true);
      expect(coloured.stderr.slice(red.length)).not.toContain('\u001b');
      for (const plain of [await mkt(args), await mkt(args, { FORCE_COLOR: '1', NO_COLOR: '1' })]) expect(plain.stderr).toMatch(/^mkt: /);
    }
  });
  it.skipIf(!hasScript)('the mkt: of an error line is red on a terminal', async () => {
    expect((await runOnTerminal(['call', 'ozn', 'GET', '/x'], home.env)).stderr).toContain("\u001b[31mmkt:\u001b[39m unknown provider 'ozn'");
    expect((await runOnTerminal(['call', 'ozn', 'GET', '/x'], { ...home.env, NO_COLOR: '1' })).stderr).toMatch(/^mkt: unknown provider 'ozn'/m);
  });
  it('--version and --help exit 0', async () => {
    expect((await mkt(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await mkt(['call', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
  });
  it('on a Node.js older than engines allows, one line and exit 1; --version still answers', async () => {
    const preload = join(home.dir, 'old-node.cjs');
    writeFileSync(preload, "Object.defineProperty(process.versions, 'node', { value: '20.12.2' });\n");
    const env = { ...ozonEnv, NODE_OPTIONS: `--require=${preload}` };
    const r = await mkt(['headers', 'ozon'], env);
    expectOneLineError(r, 1, /^mkt: needs Node\.js 20\.19 or newer, this is 20\.12\.2$/);
    expect(r.stdout).toBe('');
    expect((await mkt(['--version'], env)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('a reader that goes away (`mkt … | head -1`)', () => {
  /** Runs mkt with its stdout a pipe whose reading end is already closed: every write meets EPIPE. */
  function withClosedStdout(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('ends quietly with the command’s own exit code: no EPIPE report, no stack trace', async () => {
    for (const [args, env] of [[['providers']], [['--help']], [['status']], [['headers', 'ozon'], ozonEnv]] as [string[], Record<string, string>?][]) {
      const r = await withClosedStdout(args, env);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
    const failing = await withClosedStdout(['headers', 'yandex']);
    expect(failing.code).toBe(3);
    expect(failing.stderr).toMatch(/^mkt: no credentials for yandex/);
  });
});
