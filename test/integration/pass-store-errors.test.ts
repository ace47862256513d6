/**
 * Issue 18: each way the password store can fail is one line, exit 8, with the way on, nothing stored,
 * and never a hang: real pass and gpg, throwaway keys and stores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, type RunResult } from '../helpers/cli.js';
import { newPassStore, type Keyring, type KeyOptions } from '../helpers/gpg.js';
import { passTestFile } from '../helpers/pass-file.js';

const { home, skip, ozonLines: ozon, keyring, mkt } = await passTestFile();
let count = 0;
/** A member's keyring and a store encrypted to `to` (default: that member alone), with a config dir of their own. */
function member(opts: KeyOptions & { to?: (self: Keyring) => string[] } = {}) {
  const name = `m${++count}`;
  const self = keyring(name, opts);
  const store = newPassStore(home.dir, opts.to?.(self) ?? [self.fingerprint], { name: `${name}-store` });
  return { self, store, env: { ...self.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, `${name}-config`) } };
}

const login = (env: Record<string, string>, profile = 'default') => mkt(['login', 'ozon', '--stdin', '--store', 'pass', '--profile', profile], env, ozon);
const nothingStored = async (env: Record<string, string>, storeDir: string) => {
  expect(JSON.parse((await mkt(['status', '--json'], env)).stdout)).toEqual([]);
  expect(existsSync(join(storeDir, 'mkt', 'ozon', 'default.gpg'))).toBe(false);
};
/** The ways on after the cause's own: the other stores, the environment. */
const expectWaysOn = (r: RunResult) => {
  expect(r.stderr).toMatch(/--store keychain/);
  expect(r.stderr).toMatch(/environment variables/);
};

describe.skipIf(skip)('the password store cannot be used: exit 8, one line, the way on', () => {
  it('pass is not installed: login says so before asking the provider; a stored profile says so on reading', async () => {
    const { env, store } = member();
    const noPass = { ...env, PATH: join(home.dir, 'empty-bin') };
    const r = await login(noPass);
    expectOneLineError(r, 8, /^mkt: cannot save ozon:default in the password store: pass is not installed \(no `pass` on PATH\)$/);
    expect(r.stderr).toMatch(/apt install pass gnupg/);
    expectWaysOn(r);
    await nothingStored(env, store.dir);
    expect((await login(env)).code).toBe(0);
    expectOneLineError(await mkt(['headers', 'ozon'], noPass), 8, /^mkt: cannot read ozon:default from the password store: pass is not installed/);
  });

  it('the store is not initialised: nothing is created in it', async () => {
    const { env } = member();
    const dir = join(home.dir, 'never-initialised');
    const r = await login({ ...env, PASSWORD_STORE_DIR: dir });
    expectOneLineError(r, 8, new RegExp(`^mkt: cannot save ozon:default in the password store: the store ${dir} is not initialised`));
    expect(r.stderr).toMatch(/pass init <your key's fingerprint>/);
    expect(existsSync(dir)).toBe(false);
  });

  it("a recipient's key is missing from the keyring, or there but not certified", async () => {
    const other = keyring('outsider');
    const missing = member({ to: (self) => [self.fingerprint, other.fingerprint] });
    const r = await login(missing.env);
    expectOneLineError(r, 8, new RegExp(`the store is encrypted to ${other.fingerprint}, whose public key is not in your keyring$`));
    expect(r.stderr).toMatch(/gpg --import .*gpg --quick-lsign-key/);
    await nothingStored(missing.env, missing.store.dir);

    missing.self.trust(other, { certify: false });
    const uncertified = await login(missing.env);
    expectOneLineError(uncertified, 8, new RegExp(`encrypted to ${other.fingerprint}, whose key is in your keyring but not certified`));
    missing.self.gpg(['--yes', '--quick-lsign-key', other.fingerprint]);
    expect((await login(missing.env)).code).toBe(0);
  });

  it('no usable gpg key: the only key of the store has expired', async () => {
    const { env, store } = member({ expired: true });
    const r = await login(env);
    expectOneLineError(r, 8, /whose key cannot be used: it is expired or revoked$/);
    await nothingStored(env, store.dir);
  });

  it('a git-backed store git cannot commit to (no name and email): refused before anything is written', async () => {
    const self = keyring('nameless');
    const store = newPassStore(home.dir, [self.fingerprint], { name: 'nameless-store', git: true });
    store.git(['config', '--unset', 'user.name']);
    store.git(['config', '--unset', 'user.email']);
    store.git(['config', 'user.useConfigOnly', 'true']); // never a guess from the host name
    const env = { ...self.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'nameless-config') };
    const r = await login(env);
    expectOneLineError(r, 8, /^mkt: cannot save ozon:default in the password store: the store is a git repository, and git has no name and email to commit mkt's change with$/);
    expect(r.stderr).toContain(`git -C ${store.dir} config user.name`);
    await nothingStored(env, store.dir);
    expect(store.git(['status', '--porcelain'])).toBe('');
  });

  it('gpg-agent locked (a key with a passphrase, no terminal): at once, with how to unlock it', async () => {
    const { env } = member({ passphrase: 'correct horse battery' });
    expect((await login(env)).code).toBe(0); // encrypting needs no passphrase
    const started = Date.now();
    const r = await mkt(['headers', 'ozon'], env);
    expectOneLineError(r, 8, /^mkt: cannot read ozon:default from the password store: your key is locked: gpg-agent needs its passphrase, and there is no terminal to ask for it on$/);
    expect(r.stderr).toMatch(/pass show mkt\/ozon\/default >\/dev\/null/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a gpg-agent that never answers: exit 8 in about 3 s, and the gpg waiting on it is killed', async () => {
    const { env, self, store } = member();
    expect((await login(env)).code).toBe(0);
    const agent = await frozenAgent(self);
    try {
      const started = Date.now();
      const r = await mkt(['headers', 'ozon'], env);
      const took = Date.now() - started;
      expectOneLineError(r, 8, /^mkt: cannot read ozon:default from the password store: pass did not finish within 3 s: gpg-agent is not answering/);
      expect(took, r.stderr).toBeGreaterThanOrEqual(3000);
      expect(took).toBeLessThan(5000); // 3 s, and mkt's own start on a busy machine
      const left = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((line) => line.includes(store.dir));
      expect(left).toEqual([]);
    } finally {
      agent.close();
    }
  });
});

/** A socket where this keyring's gpg-agent would be, which takes connections and never says a word. */
async function frozenAgent(keyring: Keyring): Promise<Server> {
  keyring.close();
  const socket = spawnSync('gpgconf', ['--list-dirs', 'agent-socket'], { encoding: 'utf8', env: { PATH: process.env['PATH'], ...keyring.env } }).stdout.trim();
  mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
  if (existsSync(socket)) unlinkSync(socket);
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return server;
}
