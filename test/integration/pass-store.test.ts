/**
 * Issue 18: `--store pass`, the built CLI against the sandbox with real pass, gpg and git: throwaway
 * keys in temp GNUPGHOMEs (one per team member), temp password stores.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, expectOneLineError } from '../helpers/cli.js';
import { gitIn, newPassStore } from '../helpers/gpg.js';
import { passTestFile } from '../helpers/pass-file.js';

const { home, sandbox, skip, key: KEY, ozonLines: ozon, keyring, mkt } = await passTestFile();
const pieces = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

const statusOf = async (env: Record<string, string>) => JSON.parse((await mkt(['status', '--json'], env)).stdout) as Array<{ profile: string; source: string }>;

describe.skipIf(skip)('the password store, one member', () => {
  it('login → status → whoami → call → logout; the store holds only ciphertext', async () => {
    const a = keyring('solo');
    const store = newPassStore(home.dir, [a.fingerprint], { name: 'solo-store' });
    const env = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'solo-config') };
    const login = await mkt(['login', 'ozon', '--stdin', '--store', 'pass', '--profile', 'team'], env, ozon);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/stored in pass\)/);
    const file = join(store.dir, 'mkt', 'ozon', 'team.gpg');
    expect(readFileSync(file).includes(KEY.slice(0, 8))).toBe(false);
    expect(await statusOf(env)).toEqual([expect.objectContaining({ profile: 'team', source: 'pass' })]);
    const who = await mkt(['whoami', 'ozon', '--profile', 'team'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/✓ ozon \(profile team, pass\)/);
    const call = await mkt(['call', 'ozon', '/v1/seller/info', '--profile', 'team', '--filter', 'company.name'], env);
    expect(call.stdout).toBe('ООО Песочница\n');
    expect((await mkt(['logout', 'ozon', '--profile', 'team'], env)).stdout).toBe('Removed ozon (profile team, pass)\n');
    expect(existsSync(file)).toBe(false);
    expectOneLineError(await mkt(['headers', 'ozon', '--profile', 'team'], env), 3, /no credentials for ozon \(profile team\)/);
  });

  it('MKT_STORE=pass chooses it too; logout --all finds a secret no index entry names (mkt/ without decrypting)', async () => {
    const a = keyring('all');
    const store = newPassStore(home.dir, [a.fingerprint], { name: 'all-store' });
    const env = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'all-config') };
    expect((await mkt(['login', 'ozon', '--stdin', '--no-verify', '--profile', 'kept'], { ...env, MKT_STORE: 'pass' }, ozon)).code).toBe(0);
    // Another config index's profile in the same store: an orphan to this one.
    expect((await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'pass', '--profile', 'orphan'], { ...env, MKT_CONFIG_DIR: join(home.dir, 'other-config') }, ozon)).code).toBe(0);
    expect(readdirSync(join(store.dir, 'mkt', 'ozon')).sort()).toEqual(['kept.gpg', 'orphan.gpg']);
    const out = await mkt(['logout', '--all'], { ...env, MKT_PASSPHRASE: 'unused', DBUS_SESSION_BUS_ADDRESS: '' });
    expect(out.stdout).toMatch(/ozon \(profile kept, pass\)/);
    expect(out.stdout + out.stderr).toMatch(/ozon:orphan/);
    expect(existsSync(join(store.dir, 'mkt'))).toBe(false);
  });

  it('parallel logins to distinct profiles are all kept, each one commit in a git-backed store', async () => {
    const a = keyring('parallel');
    const store = newPassStore(home.dir, [a.fingerprint], { name: 'parallel-store', git: true });
    const env = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'parallel-config') };
    const profiles = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const results = await Promise.all(profiles.map((p) => mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'pass', '--profile', p], env, ozon)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect((await statusOf(env)).map((s) => s.profile).sort()).toEqual(profiles);
    expect(readdirSync(join(store.dir, 'mkt', 'ozon')).sort()).toEqual(profiles.map((p) => `${p}.gpg`));
    expect(store.git(['log', '--format=%s']).split('\n').filter((s) => s.startsWith('Add given password'))).toHaveLength(profiles.length);
    expect(store.git(['status', '--porcelain'])).toBe('');
  });
});

describe.skipIf(skip)('a team: the store encrypted to member A and member B', () => {
  // One config index for the team here (it holds no secret): which member can read is the store's business.
  const config = () => ({ MKT_CONFIG_DIR: join(home.dir, 'team-config') });

  it('A writes, B reads; C, not a recipient, is told whose keys it is encrypted to', async () => {
    const [a, b, c] = [keyring('a'), keyring('b'), keyring('c')];
    a.trust(b);
    const store = newPassStore(home.dir, [a.fingerprint, b.fingerprint], { name: 'team-store' });
    const login = await mkt(['login', 'ozon', '--stdin', '--store', 'pass', '--profile', 'shared'], { ...a.env, ...store.env, ...config() }, ozon);
    expect(login.code, login.stderr).toBe(0);
    const byB = await mkt(['whoami', 'ozon', '--profile', 'shared'], { ...b.env, ...store.env, ...config() });
    expect(byB.code, byB.stderr).toBe(0);
    expect(byB.stdout).toMatch(/✓ ozon \(profile shared, pass\)/);
    const byC = await mkt(['headers', 'ozon', '--profile', 'shared'], { ...c.env, ...store.env, ...config() });
    expectOneLineError(byC, 8, /^mkt: cannot read ozon:shared from the password store: it is encrypted to \S+, \S+, and you have the secret key of none of them$/);
    expect(byC.stderr).toMatch(/pass init <the keys of the store's .gpg-id> <your key's fingerprint>/);

    // B has not imported A's public key: B cannot write for both, and is told whose key to import.
    const fromB = await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'pass', '--profile', 'by-b'], { ...b.env, ...store.env, ...config() }, ozon);
    expectOneLineError(fromB, 8, new RegExp(`encrypted to ${a.fingerprint}, whose public key is not in your keyring$`));
    expect(existsSync(join(store.dir, 'mkt', 'ozon', 'by-b.gpg'))).toBe(false);
    b.trust(a);
    expect((await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'pass', '--profile', 'by-b'], { ...b.env, ...store.env, ...config() }, ozon)).code).toBe(0);
    expect((await mkt(['whoami', 'ozon', '--profile', 'by-b'], { ...a.env, ...store.env, ...config() })).stdout).toMatch(/✓ ozon \(profile by-b, pass\)/);
  });

  it("B, with a config index of B's own, takes up A's profile as docs/configuration.md says: pass show | mkt login --stdin", async () => {
    const [a, b] = [keyring('adopt-a'), keyring('adopt-b')];
    a.trust(b);
    b.trust(a);
    const store = newPassStore(home.dir, [a.fingerprint, b.fingerprint], { name: 'adopt-store' });
    const envA = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'adopt-a-config') };
    const envB = { ...b.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'adopt-b-config') };
    expect((await mkt(['login', 'ozon', '--stdin', '--store', 'pass', '--profile', 'shop'], envA, ozon)).code).toBe(0);
    expectOneLineError(await mkt(['headers', 'ozon', '--profile', 'shop'], envB), 3, /no credentials for ozon \(profile shop\)/);
    // The sandbox answers from this process: the pipeline must not block it (no spawnSync).
    const adopt = await shell(`set -o pipefail; pass show mkt/ozon/shop | '${process.execPath}' '${BIN}' login ozon --profile shop --store pass --stdin`, { ...sandbox, ...envB });
    expect(adopt.status, adopt.stderr).toBe(0);
    for (const piece of pieces(KEY)) expect(adopt.stdout + adopt.stderr).not.toContain(piece);
    expect((await mkt(['whoami', 'ozon', '--profile', 'shop'], envB)).stdout).toMatch(/✓ ozon \(profile shop, pass\)/);
  });

  it('in a git-backed store mkt commits each change and never pushes or pulls', async () => {
    const a = keyring('git-a');
    const store = newPassStore(home.dir, [a.fingerprint], { name: 'git-store', git: true });
    const remote = join(home.dir, 'remote.git');
    const git = (args: string[], dir = remote) => gitIn(dir, args, home.dir);
    git(['init', '--bare', '--quiet']);
    store.git(['remote', 'add', 'origin', remote]);
    store.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
    // A teammate pushes a change mkt's store has not pulled.
    const clone = join(home.dir, 'teammate');
    git(['clone', '--quiet', '--branch', 'main', remote, clone], home.dir);
    git(['-c', 'user.name=T', '-c', 'user.email=t@example.test', 'commit', '--quiet', '--allow-empty', '-m', 'teammate change'], clone);
    git(['push', '--quiet', 'origin', 'HEAD:main'], clone);
    const before = git(['rev-parse', 'main']);

    const env = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'git-config') };
    expect((await mkt(['login', 'ozon', '--stdin', '--store', 'pass'], env, ozon)).code).toBe(0);
    expect((await mkt(['logout', 'ozon'], env)).code).toBe(0);
    expect(store.git(['log', '--format=%an: %s', '-2'])).toBe('Member A: Remove mkt/ozon/default from store.\nMember A: Add given password for mkt/ozon/default to store.\n');
    expect(store.git(['status', '--porcelain'])).toBe('');
    expect(git(['rev-parse', 'main'])).toBe(before);
    expect(store.git(['log', '--format=%s'])).not.toMatch(/teammate change/);
  });
});

describe.skipIf(skip)('the secret goes to gpg on a pipe, nowhere else', () => {
  it('never on the argv of pass, gpg or git; never in a temp file; no file anywhere holds a piece of it', async () => {
    const a = keyring('secrecy');
    const store = newPassStore(home.dir, [a.fingerprint], { name: 'secrecy-store', git: true });
    // Each of the three, on PATH ahead of the real one, writes down its arguments (pass's own gpg and git calls too).
    const bin = join(home.dir, 'recording-bin');
    const argv = join(home.dir, 'argv.log');
    mkdirSync(bin);
    for (const tool of ['pass', 'gpg', 'git']) {
      const real = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(join(bin, tool), `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${argv}'\nexec '${real}' "$@"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    const tmp = join(home.dir, 'tmp');
    mkdirSync(tmp);
    const env = { ...a.env, ...store.env, MKT_CONFIG_DIR: join(home.dir, 'secrecy-config'), PATH: `${bin}:${process.env['PATH']}`, TMPDIR: tmp };
    expect((await mkt(['login', 'ozon', '--stdin', '--store', 'pass'], env, ozon)).code).toBe(0);
    expect((await mkt(['whoami', 'ozon'], env)).code).toBe(0);
    expect((await mkt(['call', 'ozon', '/v1/seller/info'], env)).code).toBe(0);
    expect((await mkt(['logout', 'ozon'], env)).code).toBe(0);

    const calls = readFileSync(argv, 'utf8');
    expect(calls).toMatch(/^pass insert --multiline --force mkt\/ozon\/default$/m);
    expect(calls).toMatch(/^gpg .*-e .*-o \S+default\.gpg/m);
    expect(calls).toMatch(/^pass show mkt\/ozon\/default$/m);
    expect(readdirSync(tmp)).toEqual([]);
    for (const file of filesUnder(home.dir)) {
      const bytes = readFileSync(file);
      for (const piece of pieces(KEY)) expect(bytes.includes(piece), `${file} holds a piece of the key`).toBe(false);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false; // gone meanwhile (a lock file, an agent's socket)
      }
    });
}

function shell(script: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env['PATH'], LANG: 'C.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
