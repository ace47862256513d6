/**
 * What keychain tests need from the harness started in keyring-global-setup.ts.
 * Env vars carry it because vitest's fork workers inherit the environment of globalSetup.
 */
import { startSecretService, type KeyringEnv, type SecretServiceSession } from './secret-service.js';

export type { KeyringEnv, SecretServiceSession };

export const ENV_KEY = 'MKT_TEST_KEYRING_ENV';
export const SKIP_KEY = 'MKT_TEST_KEYRING_SKIP';

/** The shared unlocked keyring: DBUS_SESSION_BUS_ADDRESS, XDG_DATA_HOME, XDG_RUNTIME_DIR; undefined when skipped. */
export function keyringEnv(): Record<string, string> | undefined {
  const json = process.env[ENV_KEY];
  return json ? (JSON.parse(json) as Record<string, string>) : undefined;
}

/** For `describe.skipIf(skipReason)`: why the keychain tests cannot run here, or undefined. */
export const skipReason: string | undefined = keyringEnv()
  ? undefined
  : (process.env[SKIP_KEY] ?? 'the keyring harness did not run (test/helpers/keyring-global-setup.ts)');

/** A private bus whose default collection is locked, holding whatever `before` stored while it was open. */
export async function lockedKeyring(before?: (env: KeyringEnv) => Promise<void>): Promise<SecretServiceSession> {
  const session = await startSecretService({ keyring: true });
  try {
    await before?.(session.env);
    await session.lock();
    return session;
  } catch (error) {
    await session.stop();
    throw error;
  }
}

/** A private bus with no Secret Service on it (and none that could be auto-started). */
export function busWithoutSecretService(): Promise<SecretServiceSession> {
  return startSecretService({ keyring: false });
}

/** A private bus whose keyring daemon (or, with 'bus', the bus daemon) is stopped: it never answers. */
export async function frozenKeyring(which: 'keyring' | 'bus' = 'keyring'): Promise<SecretServiceSession> {
  const session = await startSecretService({ keyring: true });
  session.freeze(which);
  return session;
}
