import type { Context, ProfileEntry } from './types.js';
import { MktError, NoCredentialsError } from './errors.js';
import { accountName } from './credentials.js';

/** Removes the secret first, then the index entry, so a failure never leaves an orphaned secret unlisted. */
export async function logout(ctx: Context, provider: string, profile: string): Promise<ProfileEntry> {
  const entry = await ctx.config.get(provider, profile);
  if (!entry) throw new NoCredentialsError(`no stored credentials for ${provider} (profile ${profile})`);
  const store = await ctx.store(entry.store);
  await store.delete(accountName(provider, profile));
  await ctx.config.remove(provider, profile);
  return entry;
}

export interface LogoutAllResult {
  removed: ProfileEntry[];
  failed: Array<{ entry: ProfileEntry; error: MktError }>;
}

/**
 * Every stored profile (of `profile` only, when given), each on its own: a keychain that cannot be
 * reached does not stop the file-store profiles from going, and the caller learns both lists.
 */
export async function logoutAll(ctx: Context, profile?: string): Promise<LogoutAllResult> {
  const result: LogoutAllResult = { removed: [], failed: [] };
  for (const entry of await ctx.config.list()) {
    if (profile !== undefined && entry.profile !== profile) continue;
    try {
      result.removed.push(await logout(ctx, entry.provider, entry.profile));
    } catch (error) {
      if (!(error instanceof MktError)) throw error;
      result.failed.push({ entry, error });
    }
  }
  return result;
}
