import type { Context, ProfileEntry, SecretStore, StoreKind } from './types.js';
import { MktError } from './errors.js';
import { forgetErased, removeProfile } from './profile-write.js';
import { profileAccountOf } from './token-cache.js';

/** Marks the entry, removes the secret, then the entry (core/profile-write.ts). */
export function logout(ctx: Context, provider: string, profile: string): Promise<ProfileEntry> {
  return removeProfile(ctx, provider, profile);
}

export interface Orphan {
  store: StoreKind;
  account: string;
}

export interface LogoutAllResult {
  removed: ProfileEntry[];
  failed: Array<{ entry: ProfileEntry; error: MktError }>;
  /** Secrets no index entry named (left by an mkt before the write order of profile-write.ts), now removed. */
  orphans: Orphan[];
  /** Stores that could not be searched for such secrets. */
  unsearched: Array<{ store: StoreKind; error: MktError }>;
}

/**
 * Every stored profile (of `profile` only, when given), each on its own: a keychain that cannot be
 * reached does not stop the file-store profiles from going, and the caller learns both lists.
 * Then every other secret mkt keeps in each of `stores` (the persistent ones: the caller has the
 * store registry), found by the store's bounded search. `onRemoved` hears of each profile as it
 * goes, so an interrupted run has said what it removed.
 */
export async function logoutAll(ctx: Context, stores: readonly StoreKind[], profile?: string, onRemoved?: (entry: ProfileEntry) => void): Promise<LogoutAllResult> {
  const result: LogoutAllResult = { removed: [], failed: [], orphans: [], unsearched: [] };
  for (const entry of await ctx.config.list()) {
    if (profile !== undefined && entry.profile !== profile) continue;
    try {
      const removed = await logout(ctx, entry.provider, entry.profile);
      result.removed.push(removed);
      onRemoved?.(removed);
    } catch (error) {
      if (!(error instanceof MktError)) throw error;
      result.failed.push({ entry, error });
    }
  }
  for (const kind of stores) {
    try {
      const store = await ctx.store(kind);
      // With no profile named, everything in the store goes, and the file store needs no passphrase
      // for that: a store nobody can open any more (a lost passphrase, a damaged file) is emptied too,
      // and the profiles it kept from going go with it.
      if (profile === undefined && store.erase) {
        const erased = await store.erase();
        const kept = result.failed.filter((f) => f.entry.store === kind);
        for (const entry of await forgetErased(ctx, kept.map((f) => f.entry))) {
          result.failed.splice(result.failed.findIndex((f) => f.entry === entry), 1);
          result.removed.push(entry);
          onRemoved?.(entry);
        }
        // Unopened, its leftovers cannot be named; that there were some is said when no profile used it.
        if (erased && !result.removed.some((e) => e.store === kind)) result.orphans.push({ store: kind, account: 'its whole content' });
        continue;
      }
      // A store that just failed would fail the search too, and say so a second time.
      if (result.failed.some((f) => f.entry.store === kind)) continue;
      result.orphans.push(...(await removeOrphans(ctx, store, kind, profile)));
    } catch (error) {
      if (!(error instanceof MktError)) throw error;
      // Its profiles' failures have said why already.
      if (!result.failed.some((f) => f.entry.store === kind)) result.unsearched.push({ store: kind, error });
    }
  }
  return result;
}

async function removeOrphans(ctx: Context, store: SecretStore, kind: StoreKind, profile: string | undefined): Promise<Orphan[]> {
  const listed = new Set((await ctx.config.list()).filter((e) => e.store === kind).map((e) => `${e.provider}:${e.profile}`));
  const orphans: Orphan[] = [];
  for (const account of await store.accounts()) {
    // A cached access token goes with its profile: kept while it is listed, removed when it is not.
    const owner = profileAccountOf(account);
    if (listed.has(owner) || (profile !== undefined && !owner.endsWith(`:${profile}`))) continue;
    if (await store.delete(account)) orphans.push({ store: kind, account });
  }
  return orphans;
}
