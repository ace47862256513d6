/** whoami on a real terminal (tmux): coloured as a person sees it, plain with NO_COLOR. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, sandboxEnv } from '../helpers/cli.js';
import { tmuxSkipReason } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';

const tmuxMissing = tmuxSkipReason();
if (tmuxMissing) console.log(`tmux colour tests skipped: ${tmuxMissing}`);

let sandbox: Sandbox;
const terminals = useTerminalHome();

beforeAll(async () => {
  if (!tmuxMissing) sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

const env = () => ({ ...terminals.home.env, ...sandboxEnv(sandbox.baseUrls), OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey });

describe.skipIf(tmuxMissing)('whoami on a terminal', () => {
  it('draws the ✓ green and the source dim', async () => {
    const t = await terminals.open([process.execPath, BIN, 'whoami', 'ozon'], env());
    expect(await t.exitCode()).toBe(0);
    expect(await t.screen()).toMatch(/^✓ ozon \(env OZON_CLIENT_ID, OZON_API_KEY\)$/m);
    expect(await t.rawOutput()).toContain('\u001b[32m✓\u001b[39m ozon \u001b[2m(env OZON_CLIENT_ID, OZON_API_KEY)\u001b[22m');
  });

  it('draws no colour with NO_COLOR', async () => {
    const t = await terminals.open([process.execPath, BIN, 'whoami', 'ozon'], { ...env(), NO_COLOR: '1' });
    expect(await t.exitCode()).toBe(0);
    const raw = await t.rawOutput();
    expect(raw).toContain('✓ ozon (env OZON_CLIENT_ID, OZON_API_KEY)');
    expect(raw).not.toMatch(/\u001b\[(32|2|22|39)m/);
  });
});
