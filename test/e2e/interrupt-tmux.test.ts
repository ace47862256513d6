/**
 * Ctrl-C and Ctrl-D as a person presses them, in a real terminal (tmux): Ctrl-C ends every command
 * with 130, a spinner on screen or not; Ctrl-D at a login prompt is a cancel (130), nothing stored.
 * The CLI is the built one, against the local sandbox (made slow with a fault where a spinner must show).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, runMkt, sandboxEnv } from '../helpers/cli.js';
import { faultProxy, listen, shut } from '../helpers/hostile-server.mjs';
import { tmuxSkipReason, type Terminal } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';

const tmuxMissing = tmuxSkipReason();
if (tmuxMissing) console.log(`tmux interrupt tests skipped: ${tmuxMissing}`);

const CLIENT_ID_PROMPT = /\? Client-Id \(shown on the API keys page of the seller cabinet\)/;
const API_KEY_PROMPT = /\? Api-Key \(shown only once, when the key is generated\)/;
const CANCELLED = /^mkt: prompt cancelled; nothing was stored$/m;

let sandbox: Sandbox;
/** The sandbox behind a proxy that adds `delay=30000` to every request: the check's spinner stays up. */
let slow: Server;
let slowUrl: string;
const terminals = useTerminalHome();

beforeAll(async () => {
  if (tmuxMissing) return;
  sandbox = await startSandbox();
  slow = faultProxy(sandbox.url);
  slowUrl = await listen(slow);
});
afterAll(async () => {
  if (slow) await shut(slow);
  await sandbox?.close();
});

const fileStoreEnv = () => ({ ...terminals.home.env, ...sandboxEnv(sandbox.baseUrls), MKT_PASSPHRASE: 'interrupt-test-passphrase' });

async function open(argv: string[], env: Record<string, string>): Promise<Terminal> {
  return terminals.open([process.execPath, BIN, ...argv], env);
}

/** Nothing in the config index, no encrypted file: `status` lists nothing. */
async function expectNothingStored(env: Record<string, string>): Promise<void> {
  const status = await runMkt(['status', '--json'], { env });
  expect(status.code, status.stderr).toBe(0);
  expect(JSON.parse(status.stdout)).toEqual([]);
  expect(existsSync(join(terminals.home.env.MKT_CONFIG_DIR!, 'secrets.enc'))).toBe(false);
}

describe.skipIf(tmuxMissing)('Ctrl-C ends a command whose spinner is showing, with 130', () => {
  it('call --paginate on a terminal, waiting for a slow page', async () => {
    const env = { ...terminals.home.env, ...sandboxEnv(sandbox.baseUrls), OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey };
    const t = await open(['call', 'ozon', 'POST', '/v3/product/list', 'limit:=1', '--paginate', 'X-Sandbox-Fault:delay=30000'], env);
    await t.waitFor(/first page/);
    await t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: interrupted$/m);
  });

  it("login --from-env's check, waiting for a slow provider: 130, nothing stored", async () => {
    const env = { ...fileStoreEnv(), OZON_API_URL: `${slowUrl}/delay%3D30000/ozon`, OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey };
    const t = await open(['login', 'ozon', '--from-env', '--store', 'file'], env);
    await t.waitFor(/Verifying with Ozon Seller API/);
    await t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: interrupted$/m);
    await expectNothingStored(fileStoreEnv()); // without the env vars, which status would list
  });

  it("login's check after the prompts, waiting for a slow provider: 130, nothing stored", async () => {
    const env = { ...fileStoreEnv(), OZON_API_URL: `${slowUrl}/delay%3D30000/ozon` };
    const t = await open(['login', 'ozon', '--store', 'file'], env);
    await t.waitFor(CLIENT_ID_PROMPT);
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await t.waitFor(API_KEY_PROMPT);
    await t.type(S.ozon.valid.apiKey);
    await t.press('Enter');
    await t.waitFor(/Verifying with Ozon Seller API/);
    await t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: interrupted$/m);
    await expectNothingStored(env);
  });
});

describe.skipIf(tmuxMissing)('Ctrl-D at a login prompt is a cancel: 130, nothing stored', () => {
  it('at the Client-Id prompt', async () => {
    const env = fileStoreEnv();
    const t = await open(['login', 'ozon', '--store', 'file'], env);
    await t.waitFor(CLIENT_ID_PROMPT);
    await t.press('C-d');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(CANCELLED);
    await expectNothingStored(env);
  });

  it('at the Api-Key prompt, with part of the key typed', async () => {
    const env = fileStoreEnv();
    const t = await open(['login', 'ozon', '--store', 'file'], env);
    await t.waitFor(CLIENT_ID_PROMPT);
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await t.waitFor(API_KEY_PROMPT);
    await t.type(S.ozon.valid.apiKey.slice(0, 10));
    await t.press('C-d');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(CANCELLED);
    await expectNothingStored(env);
  });

  it("at the file store's passphrase prompt", async () => {
    const { MKT_PASSPHRASE: _, ...env } = fileStoreEnv();
    const t = await open(['login', 'ozon', '--store', 'file'], env);
    // The passphrase comes first: login asks only what it can keep (issue 12).
    await t.waitFor(/[Pp]assphrase for the mkt file store/);
    await t.press('C-d');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: prompt cancelled/m);
    await expectNothingStored(env);
  });
});
