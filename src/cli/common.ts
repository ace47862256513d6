import type { Command } from 'commander';
import { DEFAULT_PROFILE, type ProfileChoice } from '../core/credentials.js';
import { checkProfileName } from '../core/validate.js';

export interface CommonOptions {
  profile: string;
  /** The profile was named (--profile or MKT_PROFILE), not the default: it narrows --all and whoami. */
  profileNamed: boolean;
  /** The two above, as credential resolution takes them. */
  choice: ProfileChoice;
  baseUrl?: string;
}

/** Options every command shares, read from the command and its parents. */
export function commonOptions(cmd: Command): CommonOptions {
  const opts = cmd.optsWithGlobals() as { profile?: string; baseUrl?: string };
  // The default name needs no check (it is not typed, so it can hold no secret).
  const profile = opts.profile === undefined ? DEFAULT_PROFILE : checkProfileName(opts.profile);
  const profileNamed = opts.profile !== undefined;
  return { profile, profileNamed, choice: { profile, named: profileNamed }, baseUrl: opts.baseUrl };
}

/** Reads all of stdin as text; past `limit` bytes (`-d - < /dev/zero`) it stops with `tooLarge`. */
export async function readStdin(stdin: NodeJS.ReadableStream, limit?: { bytes: number; tooLarge: () => Error }): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buf.length;
    if (limit && total > limit.bytes) throw limit.tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
