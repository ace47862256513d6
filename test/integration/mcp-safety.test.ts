/**
 * The safety model of `mkt mcp` (docs/mcp.md), through the MCP SDK's own client against the built
 * CLI: writes refused unless --allow-writes, and then sent once (a 503 included, counted by the
 * sandbox); an unknown operation refused either way; a key echoed by a server redacted; a tool
 * argument holding a key refused, a stored one too; the printed client configuration holds no key;
 * and the server finishes its work and exits 0 when its client vanishes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, expectNoSecret, expectOneLineError, runMkt, tempHome } from '../helpers/cli.js';
import { connectMkt } from '../helpers/mcp-client.js';
import { json, OZON, recorder, SECRETS, YANDEX } from '../helpers/recording-origins.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const STORED = S.ozon.expiring;
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV, MKT_PASSPHRASE: 'mcp-safety', DBUS_SESSION_BUS_ADDRESS: '' };
const login = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file', '--profile', 'shop2'], { env, input: `OZON_CLIENT_ID=${STORED.clientId}\nOZON_API_KEY=${STORED.apiKey}\n` });
if (login.code !== 0) throw new Error(login.stderr);

const readsOnly = await connectMkt([], env);
const writes = await connectMkt(['--allow-writes'], env);
afterAll(async () => Promise.all([readsOnly.close(), writes.close()]));
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;
const STOCKS = { stocks: [{ offer_id: 'SKU-000001', product_id: 800000001, stock: 5, warehouse_id: 1 }] };

describe('writes', () => {
  it('are refused without --allow-writes, and the refusal names the flag; nothing is sent', async () => {
    const r = await readsOnly.call('call', { provider: 'ozon', path: '/v2/products/stocks', body: STOCKS });
    expect(r.isError).toBe(true);
    expect(r.json.error).toMatch(/^call: refused: POST \/v2\/products\/stocks .* started without --allow-writes.*`mkt mcp --allow-writes`/);
    expect(count('POST /ozon/v2/products/stocks')).toBe(0);
  });

  it('with --allow-writes: sent, once', async () => {
    // The Ozon fake serves reads only: a write it counts, and answers 404 "method not found".
    const r = await writes.call('call', { provider: 'ozon', path: '/v2/products/stocks', body: STOCKS });
    expect(r.json).toMatchObject({ status: 404, kind: 'write', error: expect.stringMatching(/^ozon: POST \/ozon\/v2\/products\/stocks → 404/) });
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });

  it.each([['a 503', 'status=503', 503], ['a rate limit', '429', 429]])('with --allow-writes, after %s: sent once, never retried, and the answer says so', async (_, fault, status) => {
    const r = await writes.call('call', { provider: 'ozon', path: '/v2/products/stocks', body: STOCKS, query: { sandbox_fault: fault } });
    expect(r.isError).toBe(true);
    expect(r.json).toMatchObject({ status, kind: 'write' });
    if (status === 503) expect(r.json.hints).toContain('not retried: POST /v2/products/stocks is a write, sent once; it may have been applied, so check before sending it again');
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });

  it('a read after a 503 is retried, as reads are', async () => {
    const r = await readsOnly.call('call', { provider: 'ozon', path: '/v1/roles', query: { sandbox_fault: '503-once', sandbox_fault_id: 'mcp-read' } });
    expect(r.isError, r.text).toBe(false);
    expect(count('POST /ozon/v1/roles')).toBe(2);
    expect(readsOnly.stderr()).toMatch(/mkt mcp: ozon: HTTP 503 on a read-only request; waiting \d+ s/);
  });

  it('an operation the catalog does not know is refused in both modes', async () => {
    for (const session of [readsOnly, writes]) {
      const r = await session.call('call', { provider: 'ozon', path: '/v1/product/delete-everything', body: {} });
      expect(r.json.error).toMatch(/is not an operation in the ozon catalog, and mkt mcp sends only those/);
    }
    expect(sandbox.stats.requests).toBe(0);
  });
});

describe('secrets', () => {
  it('a tool argument holding a key is refused, a stored profile\'s key too (read when the server started); nothing is sent', async () => {
    for (const args of [
      { provider: 'ozon', path: '/v3/product/list', body: { filter: { offer_id: [OZON.apiKey] } } },
      { provider: 'yandex', path: '/v2/campaigns', query: { limit: YANDEX.token } },
      { provider: 'ozon', profile: 'shop2', path: '/v3/product/list', body: JSON.stringify({ last_id: STORED.apiKey }) },
    ]) {
      const r = await readsOnly.call('call', args);
      expect(r.json.error).toMatch(/an argument holds a credential mkt keeps; refused/);
    }
    expect(sandbox.stats.requests).toBe(0);
    const shop2 = await readsOnly.call('call', { provider: 'ozon', profile: 'shop2', path: '/v1/roles' });
    expect(shop2.json).toMatchObject({ status: 200, profile: 'shop2' });
  });

  it('a key a server echoes, in an answer or an error, reaches the model as ***', async () => {
    const echo = await recorder();
    const session = await connectMkt(['--provider', 'ozon'], { ...env, OZON_API_URL: echo.url });
    try {
      echo.handle((req, res) => json(res, 200, { result: { items: [{ key: req.headers['api-key'] }] }, echo: req.headers }));
      const ok = await session.call('call', { provider: 'ozon', path: '/v1/roles' });
      expect(ok.text).toContain('***');
      echo.handle((req, res) => json(res, 403, { code: 7, message: `Api-key ${req.headers['api-key']} is deactivated` }));
      const rejected = await session.call('call', { provider: 'ozon', path: '/v1/roles' });
      expect(rejected).toMatchObject({ isError: true, json: { status: 403, error: expect.stringMatching(/Api-key \*\*\* is deactivated/) } });
      const all = session.received.join('\n');
      for (const secret of [...SECRETS, STORED.apiKey]) expect(all).not.toContain(secret);
    } finally {
      await session.close();
      await echo.close();
    }
  });
});

describe('--print-config', () => {
  it.each([['claude', 'mcpServers'], ['cursor', 'mcpServers'], ['vscode', 'servers']])('%s: the configuration to paste, this mkt by absolute path, no key in it', async (client, key) => {
    const r = await runMkt(['mcp', '--print-config', client, '--allow-writes', '--provider', 'ozon:shop2'], { env });
    expect(r.code, r.stderr).toBe(0);
    const entry = (JSON.parse(r.stdout) as Record<string, Record<string, { command: string; args: string[]; type?: string; env?: Record<string, string> }>>)[key]!.mkt!;
    expect(entry.command).toBe(process.execPath);
    expect(entry.args).toEqual([BIN, 'mcp', '--provider', 'ozon:shop2', '--allow-writes']);
    if (client === 'vscode') expect(entry.type).toBe('stdio');
    expect(Object.keys(entry.env ?? {}).sort()).toEqual(['MKT_CONFIG_DIR', 'OZON_API_URL', 'OZON_PERFORMANCE_API_URL', 'OZZIE_API_URL', 'WB_API_URL', 'XDG_CONFIG_HOME', 'YANDEX_MARKET_API_URL']);
    expectNoSecret(r, ...SECRETS, STORED.apiKey, 'mcp-safety');
    expect(r.stderr).toMatch(/come from this shell's environment, which the assistant does not have/);
  });

  it('an unknown client, an unknown provider and --base-url are usage errors', async () => {
    expectOneLineError(await runMkt(['mcp', '--print-config', 'emacs'], { env }), 2, /--print-config takes claude, cursor, vscode, not 'emacs'/);
    expectOneLineError(await runMkt(['mcp', '--provider', 'ozonn'], { env }), 2, /unknown provider 'ozonn'/);
    expectOneLineError(await runMkt(['--base-url', 'http://127.0.0.1:1', 'mcp'], { env }), 2, /--base-url is not used by mkt mcp/);
  });

  it('with nothing configured, mkt mcp does not start: exit 3', async () => {
    const empty = tempHome();
    try {
      expectOneLineError(await runMkt(['mcp'], { env: empty.env }), 3, /no credentials configured/);
    } finally {
      empty.cleanup();
    }
  });
});

describe('the client vanishing', () => {
  it('while a write is in flight: the write is finished (sent once), and the server exits 0 without an error', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--allow-writes'], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gone', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'call', arguments: { provider: 'ozon', path: '/v2/products/stocks', body: STOCKS, query: { sandbox_fault: 'delay=800' } } } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.stdout.destroy();
    child.stdin.end();
    expect(await exited, stderr).toBe(0);
    expect(stderr).not.toMatch(/internal error|at .*\(/);
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });
});
