import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError } from '../core/errors.js';
import type { SecretStore } from '../core/types.js';
import { writeFileAtomic } from './atomic.js';
import { withLock } from './lock.js';

export interface FileStoreOptions {
  path: string;
  /** Asked at most once per store, and only when a secret must be decrypted or encrypted. */
  passphrase: () => Promise<string>;
}

interface Kdf {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

interface Envelope {
  version: 1;
  kdf: Kdf;
  iv: string;
  tag: string;
  data: string;
}

type Secrets = Record<string, string>;

/** 2^15 costs about 0.1 s and 32 MiB: slow for guessing, unnoticeable once per command. */
const NEW_KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 } as const;

/** All secrets in one AES-256-GCM encrypted file, the key derived from a passphrase with scrypt. */
export function createFileStore(opts: FileStoreOptions): SecretStore {
  const { path } = opts;
  let passphrase: Promise<string> | undefined;
  const keys = new Map<string, Promise<Buffer>>();

  function keyFor(kdf: Kdf): Promise<Buffer> {
    const id = `${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}`;
    let key = keys.get(id);
    if (!key) {
      passphrase ??= opts.passphrase();
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

  async function modify(change: (secrets: Secrets) => boolean): Promise<boolean> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return withLock(path, async () => {
      const current = await load();
      const secrets = current?.secrets ?? {};
      if (!change(secrets)) return false;
      const kdf = current?.kdf ?? { ...NEW_KDF, salt: randomBytes(16).toString('base64') };
      const envelope = encrypt(secrets, kdf, await keyFor(kdf));
      await writeFileAtomic(path, `${JSON.stringify(envelope, null, 2)}\n`, 0o600);
      return true;
    });
  }

  return {
    kind: 'file',
    async get(account) {
      const secrets = (await load())?.secrets;
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
      if (!(await load())) await (passphrase ??= opts.passphrase());
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

async function readEnvelope(path: string): Promise<Envelope | undefined> {
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw new StoreError(`${path} is readable by other users (mode ${mode}); refusing to use it`, [`run: chmod 600 ${path}`]);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StoreError(`cannot read ${path}: ${code ?? (error as Error).message}`);
  }
  const envelope = parseEnvelope(text);
  if (typeof envelope === 'string') {
    throw new StoreError(`${path} is corrupt (${envelope}); it was left untouched`, [
      `move it aside (mv ${path} ${path}.bak) and log in again`,
    ]);
  }
  return envelope;
}

/** The envelope, or what is wrong with it. */
function parseEnvelope(text: string): Envelope | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const envelope = value as Partial<Envelope> | null;
  if (typeof envelope !== 'object' || envelope === null) return 'not a JSON object';
  if (envelope.version !== 1) return `unknown version ${JSON.stringify(envelope.version)}`;
  const kdf = envelope.kdf;
  if (kdf?.name !== 'scrypt' || !withinLimits(kdf) || typeof kdf.salt !== 'string') return 'bad kdf parameters';
  for (const field of ['iv', 'tag', 'data'] as const) {
    if (typeof envelope[field] !== 'string') return `missing ${field}`;
  }
  if (Buffer.from(envelope.iv as string, 'base64').length !== 12) return 'bad iv';
  if (Buffer.from(envelope.tag as string, 'base64').length !== 16) return 'bad tag';
  return envelope as Envelope;
}

/** A tampered file must not make us allocate gigabytes. */
function withinLimits({ N, r, p }: Kdf): boolean {
  const small = (n: unknown, max: number) => Number.isInteger(n) && (n as number) > 0 && (n as number) <= max;
  return small(N, 2 ** 20) && small(r, 32) && small(p, 16);
}

function deriveKey(passphrase: string, kdf: Kdf, path: string): Promise<Buffer> {
  if (passphrase === '') return Promise.reject(new StoreError(`the passphrase for ${path} is empty`));
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r * kdf.p };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options, (error, key) => {
      if (error) reject(new StoreError(`cannot derive the key for ${path}: ${error.message}`));
      else resolve(key);
    });
  });
}

/** The header is authenticated too, so nobody can weaken the KDF parameters unnoticed. */
function headerOf(kdf: Kdf): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, kdf }));
}

function encrypt(secrets: Secrets, kdf: Kdf, key: Buffer): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(headerOf(kdf));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    version: 1,
    kdf,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

function decrypt(envelope: Envelope, key: Buffer, path: string): Secrets {
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(headerOf(envelope.kdf));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong key from altered bytes; a wrong passphrase is by far the likelier.
    throw new StoreError(`wrong passphrase for ${path}`, ['MKT_PASSPHRASE or the prompt must give the passphrase the file was created with']);
  }
  try {
    const secrets: unknown = JSON.parse(plain);
    if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets)) return secrets as Secrets;
  } catch {
    // fall through; the parser's message could quote the plaintext
  }
  throw new StoreError(`${path} is corrupt (the decrypted content is not a set of secrets); it was left untouched`);
}
