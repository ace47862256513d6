/**
 * The keychain store against a real gnome-keyring on a private bus.
 * libdbus fixes the bus address at its first use in a process, so every scenario
 * other than the shared keyring runs in its own child process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { createKeychainStore, KEYCHAIN_HINTS } from '../../src/store/keychain.js';
import { readSecret } from '../../src/store/secret-service-reader.js';
import { sessionBusSocket } from '../../src/store/session-bus.js';
import { bundleScript, runNode, type Bundle } from '../helpers/bundle.js';
import { busWithoutSecretService, frozenKeyring, keyringEnv, lockedKeyring, skipReason, type SecretServiceSession } from '../helpers/keyring.js';

const SECRET = `{"apiKey":"sk-ключ-🔑-${randomBytes(6).toString('hex')}"}`;
const SERVICE = 'mkt-test';

interface Outcome {
  ok: boolean;
  value?: string | boolean | null;
  message?: string;
  exitCode?: number;
  hints?: string[];
  name?: string;
  ms: number;
  libraryLoaded?: boolean;
}

function uniqueAccount(): string {
  return `test-${process.pid}-${randomBytes(4).toString('hex')}:default`;
}

function expectNoSecret(outcome: Outcome, stdout = ''): void {
  for (const text of [outcome.message ?? '', ...(outcome.hints ?? []), stdout]) expect(text).not.toContain(SECRET);
}

describe.skipIf(skipReason)('keychain store on a real Secret Service', () => {
  let bundle: Bundle;
  const sessions: SecretServiceSession[] = [];

  beforeAll(async () => {
    Object.assign(process.env, keyringEnv());
    bundle = await bundleScript(`
      import { createRequire } from 'node:module';
      import { createKeychainStore } from './src/store/keychain.ts';
      const [op, account, timeoutMs] = process.argv.slice(2);
      const libraryLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@napi-rs/keyring'));
      const store = createKeychainStore({ service: '${SERVICE}', timeoutMs: timeoutMs ? Number(timeoutMs) : undefined });
      const started = Date.now();
      try {
        const value = op === 'get' ? await store.get(account)
          : op === 'set' ? await store.set(account, process.env.MKT_TEST_SECRET ?? '')
          : await store.delete(account);
        console.log(JSON.stringify({ ok: true, value: value ?? null, ms: Date.now() - started, libraryLoaded: libraryLoaded() }));
        process.exit(0);
      } catch (error) {
        const { name, message, exitCode, hints } = error;
        console.log(JSON.stringify({ ok: false, name, message, exitCode, hints, ms: Date.now() - started }));
        // As the CLI must: a native call abandoned after a timeout would otherwise keep the process alive.
        process.exit(exitCode ?? 1);
      }
    `);
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.stop()));
    await bundle?.dispose();
  });

  async function inChild(env: Record<string, string | undefined>, op: 'get' | 'set' | 'delete', account: string, timeoutMs?: number): Promise<Outcome> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: undefined, MKT_TEST_SECRET: SECRET, ...env };
    const result = await runNode(bundle.file, [op, account, ...(timeoutMs ? [String(timeoutMs)] : [])], { env: childEnv, timeoutMs: 15_000 });
    expect(result.stdout, `stderr: ${result.stderr}`).not.toBe('');
    const outcome = JSON.parse(result.stdout) as Outcome;
    expectNoSecret(outcome, result.stdout + result.stderr);
    return outcome;
  }

  function expectStoreError(outcome: Outcome, reason: RegExp): void {
    const operation = outcome.message?.startsWith('cannot save') ? 'write' : outcome.message?.startsWith('cannot delete') ? 'delete' : 'read';
    expect(outcome).toMatchObject({ ok: false, name: 'StoreError', exitCode: 8, hints: KEYCHAIN_HINTS[operation] });
    expect(outcome.message).toMatch(reason);
    expect(outcome.message).not.toContain('\n');
  }

  it('stores, reads, overwrites and deletes a unicode secret', async () => {
    const store = createKeychainStore({ service: SERVICE });
    const account = uniqueAccount();
    expect(store.kind).toBe('keychain');
    expect(await store.get(account)).toBeUndefined();
    await store.set(account, 'first');
    await store.set(account, SECRET);
    expect(await store.get(account)).toBe(SECRET);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeUndefined();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps a secret from one process to the next', async () => {
    const account = uniqueAccount();
    expect(await inChild(keyringEnv() ?? {}, 'set', account)).toMatchObject({ ok: true });
    expect(await inChild(keyringEnv() ?? {}, 'get', account)).toMatchObject({ ok: true, value: SECRET });
    expect(await inChild(keyringEnv() ?? {}, 'delete', account)).toMatchObject({ ok: true, value: true });
  });

  it('reads without loading @napi-rs/keyring, which it needs for writes', async () => {
    const account = uniqueAccount();
    expect(await inChild(keyringEnv() ?? {}, 'set', account)).toMatchObject({ ok: true, libraryLoaded: true });
    expect(await inChild(keyringEnv() ?? {}, 'get', account)).toMatchObject({ ok: true, value: SECRET, libraryLoaded: false });
    expect(await inChild(keyringEnv() ?? {}, 'get', uniqueAccount())).toMatchObject({ ok: true, value: null, libraryLoaded: false });
    expect(await inChild(keyringEnv() ?? {}, 'delete', account)).toMatchObject({ ok: true, value: true });
  });

  it('the direct reader gets back exactly what the library stored, short or long', async () => {
    const store = createKeychainStore({ service: SERVICE });
    const socket = sessionBusSocket(keyringEnv() ?? {})!;
    for (const secret of ['x', SECRET, 'ü'.repeat(3000) + randomBytes(40_000).toString('base64')]) {
      const account = uniqueAccount();
      await store.set(account, secret);
      expect(await readSecret(socket, { service: SERVICE, username: account }, new AbortController().signal)).toBe(secret);
      await store.delete(account);
    }
  });

  it('says so when DBUS_SESSION_BUS_ADDRESS is not set', async () => {
    const emptyRuntime = await mkdtemp(join(tmpdir(), 'mkt-no-bus-'));
    try {
      const outcome = await inChild({ XDG_RUNTIME_DIR: emptyRuntime }, 'set', uniqueAccount());
      expectStoreError(outcome, /no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/);
      expect(outcome.ms).toBeLessThan(4000);
    } finally {
      await rm(emptyRuntime, { recursive: true, force: true });
    }
  });

  it('says so when DBUS_SESSION_BUS_ADDRESS points at nothing', async () => {
    const outcome = await inChild({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mkt-test/bus' }, 'get', uniqueAccount());
    expectStoreError(outcome, /cannot connect to the D-Bus session bus at \/nonexistent\/mkt-test\/bus \(ENOENT\)/);
  });

  it('says so when no Secret Service is on the bus, within 4 s', async () => {
    const session = await busWithoutSecretService();
    sessions.push(session);
    for (const op of ['get', 'set', 'delete'] as const) {
      const outcome = await inChild(session.env, op, uniqueAccount());
      expectStoreError(outcome, /no Secret Service \(org\.freedesktop\.secrets\) on the D-Bus session bus/);
      expect(outcome.ms).toBeLessThan(4000);
    }
  });

  it('says so when the collection is locked', async () => {
    const account = uniqueAccount();
    const session = await lockedKeyring(async (env) => {
      expect(await inChild(env, 'set', account)).toMatchObject({ ok: true });
    });
    sessions.push(session);
    const read = await inChild(session.env, 'get', account);
    expectStoreError(read, /^cannot read .+ from the keychain: the keyring is locked/);
    expectStoreError(await inChild(session.env, 'set', account), /^cannot save .+ in the keychain: the keyring is locked/);
    expectStoreError(await inChild(session.env, 'delete', account), /keyring is locked/);
  });

  it('gives up on a Secret Service that never answers', async () => {
    const session = await frozenKeyring('keyring');
    sessions.push(session);
    const outcome = await inChild(session.env, 'set', uniqueAccount());
    expectStoreError(outcome, /the Secret Service did not answer within 3 s/);
    expect(outcome.ms).toBeLessThan(3500);
    const read = await inChild(session.env, 'get', uniqueAccount(), 1000);
    expectStoreError(read, /the Secret Service did not answer within 1 s/);
    expect(read.ms).toBeLessThan(1500);
  });

  it('gives up on a frozen session bus after the time limit', async () => {
    const session = await frozenKeyring('bus');
    sessions.push(session);
    const started = Date.now();
    const outcome = await inChild(session.env, 'get', uniqueAccount(), 1000);
    expectStoreError(outcome, /the D-Bus session bus did not answer within 1 s/);
    expect(outcome.ms).toBeGreaterThanOrEqual(900);
    expect(outcome.ms).toBeLessThan(1500);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('maps a failure to a StoreError in process too', async () => {
    const store = createKeychainStore({ service: SERVICE, timeoutMs: 1 });
    const error = await store.set(uniqueAccount(), SECRET).catch((e: unknown) => e);
    // 1 ms is too short for any D-Bus round trip.
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).not.toContain(SECRET);
  });
});
