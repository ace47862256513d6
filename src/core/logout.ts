import type { Context, ProfileEntry } from './types.js';
import { NoCredentialsError } from './errors.js';
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

export async function logoutAll(ctx: Context): Promise<ProfileEntry[]> {
  const removed: ProfileEntry[] = [];
  for (const entry of await ctx.config.list()) removed.push(await logout(ctx, entry.provider, entry.profile));
  return removed;
}
