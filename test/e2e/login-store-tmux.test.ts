/**
 * Login asks only what it can keep: in a real terminal (tmux), the store is checked, and the file
 * store's passphrase asked (twice when new, again when wrong), before the guide and the first
 * credential prompt; a stored profile is replaced only when the person says yes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, runMkt, sandboxEnv } from '../helpers/cli.js';
import { busWithoutSecretService, skipReason as keyringSkipReason } from '../helpers/keyring.js';
import { tmuxSkipReason, type Terminal } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';

const tmuxMissing = tmuxSkipReason();
if (tmuxMissing) console.log(`tmux store login tests skipped: ${tmuxMissing}`);

const GUIDE = /where to find the credentials/;
const CLIENT_ID_PROMPT = /\? Client-Id \(shown on the API keys page/;
const API_KEY_PROMPT = /\? Api-Key \(shown only once/;
const PASSPHRASE = 'the-right-passphrase';

let sandbox: Sandbox;
const terminals = useTerminalHome();
beforeAll(async () => {
  if (!tmuxMissing) sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

const env = () => ({ ...terminals.home.env, ...sandboxEnv(sandbox.baseUrls) });
const ozonLines = `OZON_CLIENT_ID=${S.ozon.valid.clientId}\nOZON_API_KEY=${S.ozon.valid.apiKey}\n`;

async function start(args: string[], extra: Record<string, string> = {}): Promise<Terminal> {
  return terminals.open([process.execPath, BIN, 'login', 'ozon', ...args], { ...env(), ...extra });
}

async function answer(t: Terminal, prompt: RegExp, text: string): Promise<void> {
  await t.waitFor(prompt);
  await t.type(text);
  await t.press('Enter');
}

/** The guide and the two credential prompts, typed through to a stored login. */
async function typeCredentials(t: Terminal): Promise<void> {
  await answer(t, CLIENT_ID_PROMPT, S.ozon.valid.clientId);
  await answer(t, API_KEY_PROMPT, S.ozon.valid.apiKey);
  expect(await t.exitCode()).toBe(0);
  expect(await t.screen()).toMatch(/✓ Logged in to Ozon Seller API/);
}

/** What was on the screen before `pattern` first appeared. */
const before = (screen: string, pattern: RegExp) => screen.slice(0, screen.search(pattern));

describe.skipIf(tmuxMissing)('login asks only what it can keep (tmux)', () => {
  it.skipIf(keyringSkipReason)('with no Secret Service, says it cannot save before the guide or any prompt (exit 8)', async () => {
    const bus = await busWithoutSecretService();
    try {
      const t = await start([], bus.env);
      expect(await t.exitCode()).toBe(8);
      const screen = await t.screen();
      expect(screen).toMatch(/^mkt: cannot save ozon:default in the keychain: no Secret Service/m);
      expect(screen).not.toMatch(GUIDE);
      expect(screen).not.toMatch(/\? /);
    } finally {
      await bus.stop();
    }
  });

  it('a new file store: the passphrase comes first and is typed twice; a mismatch is asked again', async () => {
    const t = await start(['--store', 'file']);
    await answer(t, /New passphrase for the mkt file store/, PASSPHRASE);
    await answer(t, /The same passphrase again/, 'something-else');
    await answer(t, /The two did not match\. New passphrase for the mkt file store/, PASSPHRASE);
    expect(before(await t.screen(), GUIDE)).toMatch(/New passphrase/);
    await t.waitFor(/The same passphrase again[\s\S]*The same passphrase again/);
    await t.type(PASSPHRASE);
    await t.press('Enter');
    await typeCredentials(t);
    expect(await t.rawOutput()).not.toContain(PASSPHRASE);
    const headers = await runMkt(['headers', 'ozon'], { env: { ...env(), MKT_PASSPHRASE: PASSPHRASE } });
    expect(headers.stdout).toContain(`Client-Id: ${S.ozon.valid.clientId}\n`);
  });

  it('an existing file store: a wrong passphrase is asked again, before the guide', async () => {
    const seed = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file', '--profile', 'other'], { env: { ...env(), MKT_PASSPHRASE: PASSPHRASE }, input: ozonLines });
    expect(seed.code, seed.stderr).toBe(0);
    const t = await start(['--store', 'file']);
    await answer(t, /\? Passphrase for the mkt file store/, 'not-it');
    await answer(t, /Wrong passphrase, try again: passphrase for the mkt file store/, PASSPHRASE);
    await t.waitFor(CLIENT_ID_PROMPT);
    expect(before(await t.screen(), GUIDE)).toMatch(/Wrong passphrase, try again/);
    await typeCredentials(t);
  });

  it('three wrong passphrases: exit 8 with nothing else asked', async () => {
    await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file'], { env: { ...env(), MKT_PASSPHRASE: PASSPHRASE }, input: ozonLines });
    const t = await start(['--store', 'file', '--profile', 'second']);
    await answer(t, /\? Passphrase for the mkt file store/, 'wrong-1');
    await answer(t, /Wrong passphrase, try again/, 'wrong-2');
    await t.waitFor(/Wrong passphrase, try again[\s\S]*Wrong passphrase, try again/);
    await t.type('wrong-3');
    await t.press('Enter');
    expect(await t.exitCode()).toBe(8);
    const screen = await t.screen();
    expect(screen).toMatch(/^mkt: wrong passphrase for .*secrets\.enc$/m);
    expect(screen).not.toMatch(GUIDE);
  });

  it('a profile already stored is replaced only after a yes; no keeps it (exit 130)', async () => {
    const extra = { MKT_PASSPHRASE: PASSPHRASE };
    await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file'], { env: { ...env(), ...extra }, input: ozonLines.replace(S.ozon.valid.clientId, '777001') });
    const replace = /ozon profile default is already stored \(Client-Id ••••7001, file store, saved \d{4}-\d\d-\d\d\)\. Replace it\?/;
    let t = await start(['--store', 'file'], extra);
    await answer(t, replace, 'n');
    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: kept the stored profile; nothing was changed$/m);
    expect((await runMkt(['headers', 'ozon'], { env: { ...env(), ...extra } })).stdout).toContain('Client-Id: 777001\n');

    await t.kill();
    t = await start(['--store', 'file'], extra);
    await answer(t, replace, 'y');
    await typeCredentials(t);
    expect(await t.screen()).not.toMatch(/replaced the profile stored before/);
    expect((await runMkt(['headers', 'ozon'], { env: { ...env(), ...extra } })).stdout).toContain(`Client-Id: ${S.ozon.valid.clientId}\n`);
  });
});
