/**
 * The store registry: every kind of secret store, once. `StoreKind`, the `login --store` choices,
 * MKT_STORE's check, the stores the config index accepts, what `logout --all` empties, the ways on
 * when a store cannot be reached and the stores table of docs/configuration.md all read this list.
 * Only types are imported here, so core may take `StoreKind` from it: a store's module is loaded by
 * its `open`, when a command first needs that store (the keychain binding alone costs ~5 ms).
 * Adding a store: its file, and one entry below (docs/architecture.md, "How to add a store").
 */
import type { Env, SecretStore } from '../core/types.js';
import type { PassphraseRequest } from './file.js';

export type { PassphraseRequest };

export interface StoreDeps {
  env: Env;
  configDir: string;
  /** Asks on the terminal; absent when there is no terminal to ask on. */
  promptPassphrase?: (request: PassphraseRequest) => Promise<string>;
}

export interface StoreEntry {
  kind: string;
  open(deps: StoreDeps): Promise<SecretStore>;
  /** Its secrets outlive the process, so `logout --all` empties it. */
  persistent: boolean;
  /** Offered to `login --store` and MKT_STORE. The others are for tests, where a command cannot reach them. */
  userChoice: boolean;
  /** As the hints name it: "or use the encrypted file store: …". */
  title: string;
  /** What it asks for when used, said with the hint that offers it. */
  needs?: string;
  /** What makes it reachable again: the first of the ways on when it is not. */
  fix?: string;
  /** Its row in docs/configuration.md. */
  docs: string;
}

export const STORES = [
  {
    kind: 'keychain',
    open: async () => (await import('./keychain.js')).createKeychainStore(),
    persistent: true,
    userChoice: true,
    title: 'the OS keychain',
    fix: 'start a Secret Service (e.g. gnome-keyring-daemon) or unlock it, then try again',
    docs: 'the OS keychain: the Secret Service on Linux (gnome-keyring, KWallet…), never the kernel keyring; service `mkt`, account `<provider>:<profile>`',
  },
  {
    kind: 'file',
    open: async (deps) => (await import('./file.js')).openFileStore(deps),
    persistent: true,
    userChoice: true,
    title: 'the encrypted file store',
    needs: 'passphrase from MKT_PASSPHRASE or a prompt',
    docs: '`$MKT_CONFIG_DIR/secrets.enc`, AES-256-GCM with a key from the passphrase (scrypt; `MKT_PASSPHRASE` or a prompt), mode 0600',
  },
  {
    kind: 'pass',
    open: async (deps) => (await import('./pass.js')).openPassStore(deps),
    persistent: true,
    userChoice: true,
    title: 'the password store (pass)',
    needs: 'pass, gpg and a store set up with `pass init <key>`',
    docs: "the password-store (`pass`), for a team's keys: `mkt/<provider>/<profile>` in `$PASSWORD_STORE_DIR` (default `~/.password-store`), gpg-encrypted to every key in the store's `.gpg-id`; in a git-backed store each change is a commit, never pushed or pulled by mkt",
  },
  {
    kind: 'memory',
    open: async () => (await import('./memory.js')).sharedMemoryStore(),
    persistent: false,
    userChoice: false,
    title: 'the memory store',
    docs: 'a map in the process, for tests; not offered to `--store` or `MKT_STORE`',
  },
] as const satisfies readonly StoreEntry[];

export type StoreKind = (typeof STORES)[number]['kind'];

/** What `login` uses when neither --store nor MKT_STORE says. */
export const DEFAULT_STORE: StoreKind = 'keychain';

export const STORE_KINDS: readonly StoreKind[] = STORES.map((s) => s.kind);
export const USER_STORES: readonly StoreKind[] = STORES.filter((s) => s.userChoice).map((s) => s.kind);
export const PERSISTENT_STORES: readonly StoreKind[] = STORES.filter((s) => s.persistent).map((s) => s.kind);

export function storeEntry(kind: StoreKind): StoreEntry {
  return STORES.find((s) => s.kind === kind)!;
}

/** Opens a store; its module is imported now, so commands that never touch secrets do not pay for it. */
export function openStore(kind: StoreKind, deps: StoreDeps): Promise<SecretStore> {
  return storeEntry(kind).open(deps);
}
