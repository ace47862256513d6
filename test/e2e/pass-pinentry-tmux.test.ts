/**
 * Issue 18: on a terminal, the password store lets gpg-agent ask for a key's passphrase (pinentry
 * in the same terminal, through GPG_TTY), with no 3 s limit: a person may take their time.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, runMkt, sandboxEnv } from '../helpers/cli.js';
import { newKeyring, newPassStore, passSkipReason } from '../helpers/gpg.js';
import { tmuxSkipReason } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';

const PINENTRY = '/usr/bin/pinentry-curses';
const missing = tmuxSkipReason() ?? passSkipReason() ?? pinentrySkipReason();
function pinentrySkipReason(): string | undefined {
  if (existsSync(PINENTRY)) return undefined;
  const reason = `${PINENTRY} not found (apt-get install pinentry-curses)`;
  if (process.env['CI'] && !['false', '0'].includes(process.env['CI'])) throw new Error(`the pinentry test cannot run in CI: ${reason}`);
  return reason;
}
if (missing) console.log(`pass pinentry tests skipped: ${missing}`);

const PASSPHRASE = 'a passphrase typed slowly';
const KEY = S.ozon.valid.apiKey;
let sandbox: Sandbox;
beforeAll(async () => {
  if (!missing) sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());
const terminals = useTerminalHome();

describe.skipIf(missing)('a key with a passphrase, on a terminal', () => {
  it('gpg-agent asks for it on the terminal; typed after more than 3 s, the command goes on', async () => {
    const { dir, env: homeEnv } = terminals.home;
    const member = newKeyring(dir, 'typist', { passphrase: PASSPHRASE });
    try {
      appendFileSync(join(member.env.GNUPGHOME, 'gpg-agent.conf'), `pinentry-program ${PINENTRY}\n`);
      const store = newPassStore(dir, [member.fingerprint]);
      const env = { ...homeEnv, ...sandboxEnv(sandbox.baseUrls), ...member.env, ...store.env };
      const login = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'pass'], { env, input: `OZON_CLIENT_ID=${S.ozon.valid.clientId}\nOZON_API_KEY=${KEY}\n` });
      expect(login.code, login.stderr).toBe(0);

      const t = await terminals.open([process.execPath, BIN, 'whoami', 'ozon'], env);
      await t.waitFor(/Passphrase/i);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      await t.type(PASSPHRASE);
      await t.press('Enter');
      expect(await t.exitCode()).toBe(0);
      expect(await t.screen()).toMatch(/✓ ozon \(profile default, pass\)/);
      const raw = await t.rawOutput();
      for (let i = 0; i + 8 <= KEY.length; i++) expect(raw).not.toContain(KEY.slice(i, i + 8));
      expect(raw).not.toContain(PASSPHRASE);
    } finally {
      member.close();
    }
  });
});
