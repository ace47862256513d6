/**
 * Writes a profile to two places, the secret store and the config index, so that a kill -9 or a
 * full disk at any point leaves either the old profile, the new one, or an entry marked pending
 * that the next command finishes or undoes. The order and its reasons: docs/architecture.md, "Stores".
 */
import type { Context, Credentials, ProfileEntry, StoreKind } from './types.js';
import { accountName } from './credentials.js';
import { MktError, NoCredentialsError } from './errors.js';
import { forgetToken } from './token-cache.js';

/** Stored next to the fields in the secret's JSON: which login wrote it (cleanCredentials drops it on reading). */
export const TXN_KEY = 'mkt:txn';

export interface SaveResult {
  /** The profile this login replaced, if there was one. */
  previous?: ProfileEntry;
  /** Why the replaced profile's secret could not be removed from its other store (it then stays there). */
  leftover?: MktError;
}

/** Stores `values` and `entry` as the profile, replacing whatever was there (last writer wins). */
export function saveProfile(ctx: Context, entry: ProfileEntry, values: Credentials): Promise<SaveResult> {
  return ctx.config.transaction(async () => {
    const previous = await settledEntry(ctx, entry.provider, entry.profile);
    const txn = globalThis.crypto.randomUUID();
    const pending: ProfileEntry = { ...entry, pending: { op: 'login', txn, ...(previous ? { previous } : {}) } };
    // 1. The index names the profile before its secret exists: a secret is never in a store unnamed.
    await ctx.config.put(pending);
    const store = await ctx.store(entry.store);
    try {
      // 2. The secret, marked with this login's txn.
      await store.set(accountName(entry.provider, entry.profile), JSON.stringify({ ...values, [TXN_KEY]: txn }));
    } catch (error) {
      // A failed (or timed-out) write may still have landed: the marker says which.
      const outcome = await finish(ctx, pending).catch(() => undefined);
      if (!outcome?.landed) throw withHint(error, outcome ? 'nothing was changed' : 'the profile is marked incomplete (mkt status); the next command that uses it finishes or undoes the login');
      return { ...(previous ? { previous } : {}), ...(outcome.leftover ? { leftover: outcome.leftover } : {}) };
    }
    // A token cached for the set this one replaces is not this set's.
    await forgetToken(ctx, store, entry.provider, entry.profile);
    // 3. The old store's secret, when the profile moved, then 4. the entry, committed.
    const leftover = await dropMovedSecret(ctx, previous, entry.store);
    try {
      await ctx.config.put(entry);
    } catch (error) {
      throw withHint(error, 'the secret was saved; the next command that uses the profile completes its index entry');
    }
    return { ...(previous ? { previous } : {}), ...(leftover ? { leftover } : {}) };
  });
}

/** Removes the profile's secret and entry; the entry is marked first, so a kill in between is finished later. */
export function removeProfile(ctx: Context, provider: string, profile: string): Promise<ProfileEntry> {
  return ctx.config.transaction(async () => {
    const entry = await settledEntry(ctx, provider, profile);
    if (!entry) throw new NoCredentialsError(`no stored credentials for ${provider} (profile ${profile})`);
    await ctx.config.put({ ...entry, pending: { op: 'logout', txn: globalThis.crypto.randomUUID() } });
    try {
      const store = await ctx.store(entry.store);
      await store.delete(accountName(provider, profile));
      await forgetToken(ctx, store, provider, profile);
    } catch (error) {
      // The secret is still there (a store that cannot be reached): the profile stays as it was.
      await ctx.config.put(entry).catch(() => undefined);
      throw error;
    }
    await ctx.config.remove(provider, profile);
    return entry;
  });
}

/** Drops the entries of profiles whose secrets went with their store's whole content (`logout --all`'s erase). */
export async function forgetErased(ctx: Context, entries: readonly ProfileEntry[]): Promise<readonly ProfileEntry[]> {
  if (entries.length === 0) return entries;
  return ctx.config.transaction(async () => {
    for (const e of entries) await ctx.config.remove(e.provider, e.profile);
    return entries;
  });
}

/** The profile's entry with any interrupted login or logout finished or undone first. */
export async function settleProfile(ctx: Context, provider: string, profile: string): Promise<ProfileEntry | undefined> {
  return ctx.config.transaction(() => settledEntry(ctx, provider, profile));
}

async function settledEntry(ctx: Context, provider: string, profile: string): Promise<ProfileEntry | undefined> {
  const entry = await ctx.config.get(provider, profile);
  return entry?.pending ? (await finish(ctx, entry)).entry : entry;
}

interface Outcome {
  /** Whether the pending login's secret is in its store (always false for a logout). */
  landed: boolean;
  /** The profile as it now stands. */
  entry?: ProfileEntry;
  leftover?: MktError;
}

/** Finishes a pending change whose secret landed, undoes one whose secret did not. Inside a transaction. */
async function finish(ctx: Context, entry: ProfileEntry): Promise<Outcome> {
  const { pending, ...committed } = entry;
  const account = accountName(entry.provider, entry.profile);
  const store = await ctx.store(entry.store);
  if (pending?.op === 'logout') {
    await store.delete(account);
    await forgetToken(ctx, store, entry.provider, entry.profile);
    await ctx.config.remove(entry.provider, entry.profile);
    return { landed: false };
  }
  if (txnOf(await store.get(account)) === pending?.txn) {
    await forgetToken(ctx, store, entry.provider, entry.profile);
    const leftover = await dropMovedSecret(ctx, pending?.previous, entry.store);
    await ctx.config.put(committed);
    return { landed: true, entry: committed, ...(leftover ? { leftover } : {}) };
  }
  const previous = pending?.previous;
  // What is in this store under the account is no listed profile's secret unless the previous one's.
  if (previous?.store !== entry.store) await store.delete(account);
  if (previous) await ctx.config.put(previous);
  else await ctx.config.remove(entry.provider, entry.profile);
  return { landed: false, ...(previous ? { entry: previous } : {}) };
}

/** A profile that moved to another store leaves nothing in the old one; a failure is told, not thrown. */
async function dropMovedSecret(ctx: Context, previous: ProfileEntry | undefined, now: StoreKind): Promise<MktError | undefined> {
  if (!previous || previous.store === now) return undefined;
  try {
    const store = await ctx.store(previous.store);
    await store.delete(accountName(previous.provider, previous.profile));
    await forgetToken(ctx, store, previous.provider, previous.profile);
    return undefined;
  } catch (error) {
    if (error instanceof MktError) return error;
    throw error;
  }
}

function txnOf(stored: string | undefined): string | undefined {
  if (stored === undefined) return undefined;
  try {
    const value = (JSON.parse(stored) as Record<string, unknown>)[TXN_KEY];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function withHint(error: unknown, hint: string): unknown {
  if (error instanceof MktError) error.hints.push(hint);
  return error;
}
