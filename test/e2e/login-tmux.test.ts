/**
 * `mkt login ozon` as a person uses it: in a real terminal (tmux), typing at the prompts.
 * The CLI is the built one (`npm run build`), against the local sandbox.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, runMkt, sandboxEnv } from '../helpers/cli.js';
import { keyringEnv, skipReason as keyringSkipReason } from '../helpers/keyring.js';
import { tmuxSkipReason, type Terminal } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';

const tmuxMissing = tmuxSkipReason();
if (tmuxMissing) console.log(`tmux login tests skipped: ${tmuxMissing}`);
if (!tmuxMissing && keyringSkipReason) console.log(`tmux login test with the keychain skipped: ${keyringSkipReason}`);

const GUIDE = /Ozon Seller API: where to find the credentials\n\s+• Log in to seller\.ozon\.ru/;
const CLIENT_ID_PROMPT = /\? Client-Id \(shown on the API keys page of the seller cabinet\)/;
const API_KEY_PROMPT = /\? Api-Key \(shown only once, when the key is generated\)/;

let sandbox: Sandbox;
const terminals = useTerminalHome();
let term: Terminal | undefined;

beforeAll(async () => {
  if (!tmuxMissing) sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

function envFor(store: 'file' | 'keychain'): Record<string, string> {
  const base = { ...terminals.home.env, ...sandboxEnv(sandbox.baseUrls) };
  if (store === 'file') return { ...base, MKT_PASSPHRASE: 'tmux-test-passphrase' };
  // The keyring is shared by every test file in the run: a profile of our own keeps entries apart.
  // Digits only after the word: random hex in it would read as a key, and mkt refuses such a name.
  return { ...base, ...keyringEnv(), MKT_PROFILE: `tmux-${process.pid}-${randomInt(1e6)}` };
}

async function startLogin(env: Record<string, string>, store: 'file' | 'keychain'): Promise<Terminal> {
  term = await terminals.open([process.execPath, BIN, 'login', 'ozon', '--store', store], env);
  await term.waitFor(CLIENT_ID_PROMPT);
  return term;
}

/** A file-store login whose first Client-Id, `typed` (letters and digits), the prompt has refused. */
async function loginPastRefusedClientId(typed: string): Promise<{ env: Record<string, string>; t: Terminal }> {
  const env = envFor('file');
  const t = await startLogin(env, 'file');
  await t.type(typed);
  await t.press('Enter');
  await t.waitFor(new RegExp(`ozon Client-Id '${typed}' is not valid: expected a positive integer, e\\.g\\. 123456`));
  return { env, t };
}

/** Types the key at its prompt and checks that only a mask reached the screen before Enter. */
async function typeApiKey(t: Terminal, apiKey: string): Promise<void> {
  await t.waitFor(API_KEY_PROMPT);
  await t.type(apiKey);
  // Wait for as many characters as were typed, masked or not, so a leak fails on the check below, not on a timeout.
  const line = await t.waitFor(new RegExp(`${API_KEY_PROMPT.source} . \\S{${apiKey.length}}\\s*$`, 'm'));
  await expectKeyNeverShown(t, apiKey);
  expect(line).toMatch(new RegExp(`${API_KEY_PROMPT.source} . \\*{${apiKey.length}}\\s*$`, 'm'));
  await t.press('Enter');
}

async function expectKeyNeverShown(t: Terminal, apiKey: string): Promise<void> {
  const raw = await t.rawOutput();
  const rawText = raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  // The raw log also holds what was drawn and then overwritten; without the prompt in it, the check proves nothing.
  expect(rawText.includes('? Api-Key'), 'the terminal log holds the Api-Key prompt').toBe(true);
  for (const text of [await t.screen(), raw, rawText]) {
    // The tail too: a key echoed in pieces, or wrapped, must not slip through.
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(apiKey.slice(-12));
  }
}

async function statusRows(env: Record<string, string>): Promise<Array<{ provider: string; profile: string; source: string }>> {
  const status = await runMkt(['status', '--json'], { env });
  expect(status.code, status.stderr).toBe(0);
  return JSON.parse(status.stdout);
}

describe.skipIf(tmuxMissing)('mkt login ozon in a terminal (tmux)', () => {
  it('shows the guide, prompts, masks the key, verifies and stores it (file store)', async () => {
    const env = envFor('file');
    const t = await startLogin(env, 'file');
    expect(await t.screen()).toMatch(GUIDE);
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await typeApiKey(t, S.ozon.valid.apiKey);

    expect(await t.exitCode()).toBe(0);
    const screen = await t.screen();
    expect(screen).toMatch(/Verifying with Ozon Seller API: ok/);
    expect(screen).toMatch(/✓ Logged in to Ozon Seller API \(profile default; verified, stored in file\)/);
    expect(screen).toMatch(/company\s+ООО Песочница/);
    await expectKeyNeverShown(t, S.ozon.valid.apiKey);
    expect(await statusRows(env)).toMatchObject([{ provider: 'ozon', profile: 'default', source: 'file', ids: { 'Client-Id': '••••0200' } }]);
  });

  it('asks for the file store passphrase on the terminal when MKT_PASSPHRASE is not set, and never shows it', async () => {
    const { MKT_PASSPHRASE: _, ...env } = envFor('file');
    const passphrase = `typed-${randomBytes(6).toString('hex')}`;
    // Asked first, before anything is typed that could not be kept; a new store's twice.
    term = await terminals.open([process.execPath, BIN, 'login', 'ozon', '--store', 'file'], env);
    const t = term;
    for (const prompt of [/New passphrase for the mkt file store/, /The same passphrase again/]) {
      await t.waitFor(prompt);
      await t.type(passphrase);
      await t.press('Enter');
    }
    await t.waitFor(CLIENT_ID_PROMPT);
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await typeApiKey(t, S.ozon.valid.apiKey);

    expect(await t.exitCode()).toBe(0);
    expect(await t.screen()).toMatch(/✓ Logged in to Ozon Seller API \(profile default; verified, stored in file\)/);
    expect(await t.rawOutput()).not.toContain(passphrase);
    const headers = await runMkt(['headers', 'ozon'], { env: { ...env, MKT_PASSPHRASE: passphrase } });
    expect(headers.code, headers.stderr).toBe(0);
    expect(headers.stdout).toContain(`Client-Id: ${S.ozon.valid.clientId}`);
    // Without a terminal to ask on, the same read says what it needs instead of hanging.
    const noTerminal = await runMkt(['headers', 'ozon'], { env });
    expect(noTerminal.code).toBe(8);
    expect(noTerminal.stderr).toMatch(/^mkt: the file store needs a passphrase: set MKT_PASSPHRASE\n  it is asked for only when stdin and stderr are both a terminal\n$/);
  });

  it('says a rejected key is invalid, exits 4 and stores nothing', async () => {
    const env = envFor('file');
    const t = await startLogin(env, 'file');
    await t.type(S.ozon.invalid.clientId);
    await t.press('Enter');
    await typeApiKey(t, S.ozon.invalid.apiKey);

    expect(await t.exitCode()).toBe(4);
    const screen = await t.screen();
    expect(screen).toMatch(/^mkt: .*Invalid Api-Key/m);
    expect(screen).toMatch(/^ {2}nothing was stored$/m);
    expect(screen).not.toMatch(/Logged in/);
    await expectKeyNeverShown(t, S.ozon.invalid.apiKey);
    expect(await statusRows(env)).toEqual([]);
    expect(existsSync(join(terminals.home.env.MKT_CONFIG_DIR!, 'secrets.enc'))).toBe(false);
  });

  it('refuses a non-numeric Client-Id at the prompt, then takes a corrected one', async () => {
    const { env, t } = await loginPastRefusedClientId('12ab');
    expect(await t.screen()).not.toMatch(API_KEY_PROMPT);

    await t.press('BSpace', 'BSpace', 'BSpace', 'BSpace');
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await typeApiKey(t, S.ozon.valid.apiKey);
    expect(await t.exitCode()).toBe(0);
    expect(await t.screen()).toMatch(/✔ Client-Id .* · 100200$/m);
    expect(await statusRows(env)).toMatchObject([{ provider: 'ozon', profile: 'default', ids: { 'Client-Id': '••••0200' } }]);
  });

  it('Ctrl-U clears what was typed, as in a shell: a refused Client-Id and a wrong masked key', async () => {
    const { env, t } = await loginPastRefusedClientId('12ab');
    await t.press('C-u');
    await t.type(S.ozon.valid.clientId);
    await t.press('Enter');
    await t.waitFor(API_KEY_PROMPT);
    await t.type(S.ozon.invalid.apiKey);
    await t.press('C-u');
    await typeApiKey(t, S.ozon.valid.apiKey);
    expect(await t.exitCode()).toBe(0);
    expect(await t.screen()).toMatch(/✔ Client-Id .* · 100200$/m);
    // The key that counts is the one typed after Ctrl-U: the sandbox accepted it, and whoami does too.
    const whoami = await runMkt(['whoami', 'ozon', '--json'], { env });
    expect(whoami.code, whoami.stderr).toBe(0);
  });

  it('refuses a non-numeric Client-Id, and Ctrl-C then exits 130 with nothing stored', async () => {
    const { env, t } = await loginPastRefusedClientId('abc');
    await t.press('C-c');

    expect(await t.exitCode()).toBe(130);
    expect(await t.screen()).toMatch(/^mkt: prompt cancelled; nothing was stored$/m);
    expect(await statusRows(env)).toEqual([]);
    expect(existsSync(join(terminals.home.env.MKT_CONFIG_DIR!, 'secrets.enc'))).toBe(false);
  });

  describe.skipIf(keyringSkipReason)('with the OS keychain (gnome-keyring on a private bus)', () => {
    it('stores the verified key in the keychain, where whoami finds it', async () => {
      const env = envFor('keychain');
      try {
        const t = await startLogin(env, 'keychain');
        await t.type(S.ozon.valid.clientId);
        await t.press('Enter');
        await typeApiKey(t, S.ozon.valid.apiKey);

        expect(await t.exitCode()).toBe(0);
        expect(await t.screen()).toMatch(new RegExp(`Logged in to Ozon Seller API \\(profile ${env.MKT_PROFILE}; verified, stored in keychain\\)`));
        await expectKeyNeverShown(t, S.ozon.valid.apiKey);
        expect(await statusRows(env)).toMatchObject([{ provider: 'ozon', profile: env.MKT_PROFILE, source: 'keychain' }]);
        const who = await runMkt(['whoami', 'ozon', '--json'], { env });
        expect(who.code, who.stderr).toBe(0);
        expect(JSON.parse(who.stdout)[0]).toMatchObject({ ok: true, source: 'keychain', identity: { company: 'ООО Песочница' } });
      } finally {
        await runMkt(['logout', 'ozon'], { env });
      }
    });
  });
});
