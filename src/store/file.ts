import { existsSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { envValue } from '../core/env-vars.js';
import type { SecretStore } from '../core/types.js';
import type { StoreDeps } from './registry.js';
import { writeFileAtomic } from './atomic.js';
import { ensureDirectory, fileStoreError } from './fs-error.js';
import { withLock } from './lock.js';
import { versionStamp } from './file-version.js';
import { decrypt, deriveKey, encrypt, newKdf, readEnvelope, WrongPassphrase, type Kdf, type Secrets } from './file-envelope.js';

export interface PassphraseRequest {
  /** There is no file yet: the passphrase will create it (a terminal asks for it twice). */
  create: boolean;
  /** The answer before was wrong. */
  retry: boolean;
}

export interface FileStoreOptions {
  path: string;
  /** Asked once per store, when a secret must be decrypted or encrypted, or by ready(). */
  passphrase: (request: PassphraseRequest) => Promise<string>;
  /** How many answers ready() takes for an existing file: more than 1 only where someone can type again. */
  attempts?: number;
}

/** All secrets in one AES-256-GCM encrypted file, the key derived from a passphrase with scrypt. */
export function createFileStore(opts: FileStoreOptions): SecretStore {
  const { path } = opts;
  let passphrase: Promise<string> | undefined;
  const keys = new Map<string, Promise<Buffer>>();

  function keyFor(kdf: Kdf, create = false): Promise<Buffer> {
    const id = `${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}`;
    let key = keys.get(id);
    if (!key) {
      passphrase ??= opts.passphrase({ create, retry: false });
      key = passphrase.then((phrase) => deriveKey(phrase, kdf, path));
      keys.set(id, key);
    }
    return key;
  }

  async function load(): Promise<{ kdf: Kdf; secrets: Secrets } | undefined> {
    const envelope = await readEnvelope(path);
    if (!envelope) return undefined;
    return { kdf: envelope.kdf, secrets: decrypt(envelope, await keyFor(envelope.kdf), path) };
  }

  // The file as last decrypted, with the stat it had before it was read: whoami over hundreds of
  // profiles reads one secret each, and decrypting the whole file for each grows with their square.
  // The file is only ever replaced whole (rename), and a chmod changes its ctime, so any change is seen.
  let last: { stamp: string; secrets: Secrets | undefined } | undefined;

  async function secretsNow(): Promise<Secrets | undefined> {
    const stamp = await stampOf(path);
    if (stamp !== undefined && last?.stamp === stamp) return last.secrets;
    const secrets = (await load())?.secrets;
    last = stamp === undefined ? undefined : { stamp, secrets };
    return secrets;
  }

  async function modify(change: (secrets: Secrets) => boolean): Promise<boolean> {
    await ensureDirectory(dirname(path));
    return withLock(path, async () => {
      const current = await load();
      const secrets = current?.secrets ?? {};
      if (!change(secrets)) return false;
      const kdf = current?.kdf ?? newKdf();
      const envelope = encrypt(secrets, kdf, await keyFor(kdf, !current));
      await writeFileAtomic(path, `${JSON.stringify(envelope, null, 2)}\n`, 0o600);
      return true;
    });
  }

  return {
    kind: 'file',
    async get(account) {
      const secrets = await secretsNow();
      return secrets && Object.hasOwn(secrets, account) ? secrets[account] : undefined;
    },
    async set(account, secret) {
      await modify((secrets) => {
        secrets[account] = secret;
        return true;
      });
    },
    async ready() {
      // The passphrase is asked (or found missing) now, and checked against an existing file.
      const envelope = await readEnvelope(path);
      if (!envelope) {
        await (passphrase ??= opts.passphrase({ create: true, retry: false }));
        return;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          decrypt(envelope, await keyFor(envelope.kdf), path);
          return;
        } catch (error) {
          if (!(error instanceof WrongPassphrase) || attempt >= (opts.attempts ?? 1)) throw error;
          keys.clear();
          passphrase = opts.passphrase({ create: false, retry: true });
        }
      }
    },
    async accounts() {
      return Object.keys((await load())?.secrets ?? {}).sort();
    },
    async erase() {
      // Needs no passphrase: `logout --all` empties the store even when nobody can open it any more.
      if (!existsSync(path)) return false;
      return withLock(path, async () => {
        try {
          await unlink(path);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw fileStoreError('delete', path, error);
        }
      });
    },
    async delete(account) {
      return modify((secrets) => {
        if (!Object.hasOwn(secrets, account)) return false;
        delete secrets[account];
        return true;
      });
    },
  };
}

/** What tells one version of the file from another; undefined when there is none (or it cannot be stat'ed: load says why). */
async function stampOf(path: string): Promise<string | undefined> {
  try {
    return versionStamp(await stat(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

/** Answers a terminal may give to the passphrase of an existing file store. */
const TERMINAL_ATTEMPTS = 3;

/** The file store of the config directory: `<configDir>/secrets.enc`. */
export function openFileStore(deps: StoreDeps): SecretStore {
  // MKT_PASSPHRASE wins over the prompt; only a person at the prompt can try again.
  const attempts = envValue(deps.env, 'MKT_PASSPHRASE') ? 1 : TERMINAL_ATTEMPTS;
  return createFileStore({ path: join(deps.configDir, 'secrets.enc'), passphrase: passphraseSource(deps), attempts });
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
