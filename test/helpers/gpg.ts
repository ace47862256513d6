/**
 * Throwaway gpg keys and password stores for the pass store's tests: each key in its own temp
 * GNUPGHOME (a team member's keyring), each store a temp directory initialised with `pass init`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Why the pass tests cannot run here, or undefined. In CI a missing pass or gpg is an error, not a skip. */
export function passSkipReason(): string | undefined {
  const missing = ['pass', 'gpg', 'git'].filter((tool) => spawnSync(tool, ['--version']).error);
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(', ')} not found (apt-get install pass gnupg git)`;
  if (process.env['CI'] && !['false', '0'].includes(process.env['CI'])) throw new Error(`pass tests cannot run in CI: ${reason}`);
  return reason;
}

function run(command: string, args: string[], env: Record<string, string>, input = ''): string {
  const result = spawnSync(command, args, { env: { PATH: process.env['PATH'], ...env }, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export interface Keyring {
  /** GNUPGHOME, for the mkt it is given to. */
  env: { GNUPGHOME: string };
  fingerprint: string;
  gpg(args: string[], input?: string): string;
  /** Imports another member's public key; certified (`--quick-lsign-key`) unless told not to. */
  trust(other: Keyring, opts?: { certify?: boolean }): void;
  /** Stops this keyring's gpg-agent (it outlives every gpg that started it), and waits until it is gone. */
  close(): void;
}

export interface KeyOptions {
  /** A key that needs a passphrase: gpg-agent must ask for it. */
  passphrase?: string;
  /** Made in 2020 with a one-day lifetime: long expired. */
  expired?: boolean;
}

/** newKeyring in `root`, every keyring's gpg-agent stopped after the file's tests. */
export function keyringsIn(root: string): (name: string, opts?: KeyOptions) => Keyring {
  const made: Keyring[] = [];
  afterAll(() => made.forEach((k) => k.close()));
  return (name, opts) => {
    const k = newKeyring(root, name, opts);
    made.push(k);
    return k;
  };
}

/** A member's keyring with one fresh ed25519 key (no passphrase unless asked for). */
export function newKeyring(root: string, name: string, opts: KeyOptions = {}): Keyring {
  const home = join(root, `gnupg-${name}`);
  mkdirSync(home, { mode: 0o700 });
  // A fixed count: otherwise gpg-agent times its S2K hashing first, seconds on a busy machine.
  writeFileSync(join(home, 'gpg-agent.conf'), 's2k-count 65536\n');
  const env = { GNUPGHOME: home };
  const gpg = (args: string[], input?: string) => run('gpg', ['--batch', ...args], env, input);
  const uid = `${name} <${name}@example.test>`;
  const secret = ['--pinentry-mode', 'loopback', '--passphrase', opts.passphrase ?? ''];
  const when = opts.expired ? ['--faked-system-time', '20200101T000000'] : [];
  gpg([...secret, ...when, '--quick-generate-key', uid, 'future-default', 'default', opts.expired ? '1d' : 'never']);
  const fingerprint = gpg(['--with-colons', '--list-keys', uid]).split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9]!;
  const stopAgent = () => {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { PATH: process.env['PATH'], ...env } });
    // gpgconf returns before the agent is gone, and a dying agent still removes its socket.
    const alive = () => spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').some((line) => line.includes(`gpg-agent --homedir ${home} `));
    for (let waited = 0; alive() && waited < 5000; waited += 50) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  };
  if (opts.passphrase) stopAgent(); // forget the passphrase the key was made with
  return {
    env,
    fingerprint,
    gpg,
    trust(other, { certify = true } = {}) {
      gpg(['--import'], other.gpg(['--armor', '--export', other.fingerprint]));
      if (certify) gpg(['--yes', '--quick-lsign-key', other.fingerprint]);
    },
    close: stopAgent,
  };
}

export interface PassStoreDir {
  dir: string;
  env: { PASSWORD_STORE_DIR: string };
  /** A command in the store's git repository (only for a store made with `git`). */
  git(args: string[]): string;
}

/** A password store encrypted to `keys`; with `git`, a repository with an identity to commit with. */
export function newPassStore(root: string, keys: string[], opts: { git?: boolean; name?: string } = {}): PassStoreDir {
  const dir = join(root, opts.name ?? 'password-store');
  const env = { PASSWORD_STORE_DIR: dir };
  run('pass', ['init', ...keys], { ...env, HOME: root });
  const git = (args: string[]) => gitIn(dir, args, root);
  if (opts.git) {
    run('pass', ['git', 'init'], { ...env, HOME: root, GIT_AUTHOR_NAME: 'Setup', GIT_AUTHOR_EMAIL: 'setup@example.test', GIT_COMMITTER_NAME: 'Setup', GIT_COMMITTER_EMAIL: 'setup@example.test' });
    git(['config', 'user.name', 'Member A']);
    git(['config', 'user.email', 'a@example.test']);
  }
  return { dir, env, git };
}

/** git in `dir` (made if missing), with `home` as HOME: no user's git config comes in. */
export function gitIn(dir: string, args: string[], home: string): string {
  mkdirSync(dir, { recursive: true });
  return run('git', ['-C', dir, ...args], { HOME: home });
}
