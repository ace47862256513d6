import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { StoreError } from '../core/errors.js';
import { fileStoreError } from './fs-error.js';

/** The encrypted file's format: an authenticated header (version, KDF) and the AES-256-GCM ciphertext. */

export class WrongPassphrase extends StoreError {}

export interface Kdf {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

export interface Envelope {
  version: 1;
  kdf: Kdf;
  iv: string;
  tag: string;
  data: string;
}

export type Secrets = Record<string, string>;

/** 2^15 costs about 0.1 s and 32 MiB: slow for guessing, unnoticeable once per command. */
export const NEW_KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 } as const;

export function newKdf(): Kdf {
  return { ...NEW_KDF, salt: randomBytes(16).toString('base64') };
}

export async function readEnvelope(path: string): Promise<Envelope | undefined> {
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
    throw fileStoreError('read', path, error);
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
  if (kdf?.name !== 'scrypt' || typeof kdf.salt !== 'string') return 'bad kdf parameters';
  if (!withinLimits(kdf)) return `scrypt parameters N=${kdf.N} r=${kdf.r} p=${kdf.p} are not ones mkt writes (N=${NEW_KDF.N} r=${NEW_KDF.r} p=${NEW_KDF.p})`;
  for (const field of ['iv', 'tag', 'data'] as const) {
    if (typeof envelope[field] !== 'string') return `missing ${field}`;
  }
  if (Buffer.from(envelope.iv as string, 'base64').length !== 12) return 'bad iv';
  if (Buffer.from(envelope.tag as string, 'base64').length !== 16) return 'bad tag';
  return envelope as Envelope;
}

/**
 * A tampered header must not make us spend seconds or gigabytes before the tag check fails (it
 * cannot fail sooner: the key is needed first). So at most the memory of what mkt writes
 * (128·N·r bytes = 32 MiB) and twice its work (N·r·p), with N a power of two as scrypt requires.
 */
function withinLimits({ N, r, p }: Kdf): boolean {
  const positive = (n: unknown) => Number.isSafeInteger(n) && (n as number) > 0;
  if (!positive(N) || !positive(r) || !positive(p) || N < 2 || (N & (N - 1)) !== 0) return false;
  const cost = NEW_KDF.N * NEW_KDF.r * NEW_KDF.p;
  return N * r <= NEW_KDF.N * NEW_KDF.r && N * r * p <= 2 * cost;
}

export function deriveKey(passphrase: string, kdf: Kdf, path: string): Promise<Buffer> {
  if (passphrase === '') return Promise.reject(new StoreError(`the passphrase for ${path} is empty`));
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r * kdf.p };
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(new StoreError(`cannot derive the key for ${path}: ${error.message}`, [`move it aside (mv ${path} ${path}.bak) and log in again`]));
    try {
      // scrypt throws, rather than calling back, on parameters it refuses.
      scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options, (error, key) => (error ? fail(error) : resolve(key)));
    } catch (error) {
      fail(error as Error);
    }
  });
}

/** The header is authenticated too, so nobody can weaken the KDF parameters unnoticed. */
function headerOf(kdf: Kdf): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, kdf }));
}

export function encrypt(secrets: Secrets, kdf: Kdf, key: Buffer): Envelope {
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

export function decrypt(envelope: Envelope, key: Buffer, path: string): Secrets {
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(headerOf(envelope.kdf));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong key from altered bytes; a wrong passphrase is by far the likelier.
    throw new WrongPassphrase(`wrong passphrase for ${path}`, ['MKT_PASSPHRASE or the prompt must give the passphrase the file was created with']);
  }
  try {
    const secrets: unknown = JSON.parse(plain);
    if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets)) return secrets as Secrets;
  } catch {
    // fall through; the parser's message could quote the plaintext
  }
  throw new StoreError(`${path} is corrupt (the decrypted content is not a set of secrets); it was left untouched`);
}
