import { StoreError } from '../core/errors.js';
import { envValue } from '../core/env-vars.js';
import type { Env, SecretStore, StoreKind } from '../core/types.js';
import type { PassphraseRequest } from './file.js';

export type { PassphraseRequest };

export interface StoreDeps {
  env: Env;
  configDir: string;
  /** Asks on the terminal; absent when there is no terminal to ask on. */
  promptPassphrase?: (request: PassphraseRequest) => Promise<string>;
}

/** Answers a terminal may give to the passphrase of an existing file store. */
const TERMINAL_ATTEMPTS = 3;

let memoryStore: SecretStore | undefined;

/**
 * Opens a secret store of the given kind. Each backend is imported only when asked for,
 * so commands that never touch secrets do not pay for the keychain binding or crypto.
 */
export async function openStore(kind: StoreKind, deps: StoreDeps): Promise<SecretStore> {
  switch (kind) {
    case 'keychain': {
      const { createKeychainStore } = await import('./keychain.js');
      return createKeychainStore();
    }
    case 'file': {
      const { createFileStore } = await import('./file.js');
      const { join } = await import('node:path');
      // MKT_PASSPHRASE wins over the prompt; only a person at the prompt can try again.
      const attempts = envValue(deps.env, 'MKT_PASSPHRASE') ? 1 : TERMINAL_ATTEMPTS;
      return createFileStore({ path: join(deps.configDir, 'secrets.enc'), passphrase: passphraseSource(deps), attempts });
    }
    case 'memory': {
      const { createMemoryStore } = await import('./memory.js');
      memoryStore ??= createMemoryStore();
      return memoryStore;
    }
  }
}

/** Fails only when a passphrase is really needed: reading a missing file needs none. */
function passphraseSource(deps: StoreDeps): (request: PassphraseRequest) => Promise<string> {
  const fromEnv = envValue(deps.env, 'MKT_PASSPHRASE');
  if (fromEnv) return async () => fromEnv;
  if (deps.promptPassphrase) return deps.promptPassphrase;
  return async () => {
    // "Run on a terminal" would puzzle someone on one whose stdin is a pipe (login --stdin).
    throw new StoreError('the file store needs a passphrase: set MKT_PASSPHRASE', ['it is asked for only when stdin and stderr are both a terminal']);
  };
}
