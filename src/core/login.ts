import type { Context, Credentials, Identity, ProfileEntry, Provider, StoreKind } from './types.js';
import { accountName } from './credentials.js';
import { MktError } from './errors.js';
import { cleanCredentials } from './validate.js';
import { rememberSecrets } from './redact.js';
import { resolveBaseUrl, shownBaseUrl } from './base-url.js';
import { verifyCredentials } from './verify.js';
import { tokenSession } from './token-session.js';
import { tokenCacheFor } from './token-cache.js';
import type { OnEvent } from './events.js';
import { saveProfile } from './profile-write.js';
import { refuseExpired } from './credential-facts.js';

export interface LoginOptions {
  provider: Provider;
  profile: string;
  store: StoreKind;
  values: Credentials;
  verify: boolean;
  baseUrlFlag?: string;
  /** Told when the network check starts (the CLI starts its spinner) and of each wait before it is retried. */
  onEvent?: OnEvent;
}

export interface LoginResult {
  entry: ProfileEntry;
  identity?: Identity;
  /** The profile this login replaced. */
  replaced?: ProfileEntry;
  /** Why the replaced profile's secret stayed in its old store. */
  leftover?: MktError;
}

/** Checks, verifies and stores a credential set. A rejected set is never stored. */
export async function login(ctx: Context, opts: LoginOptions): Promise<LoginResult> {
  const { provider, profile } = opts;
  const values = cleanCredentials(provider, opts.values, 'the input');
  rememberSecrets(provider, values);
  // An expired set is refused even unverified: it could only be rejected, and is never stored.
  refuseExpired(provider, values, new Date(ctx.clock.now()));
  // Fail on an unreadable index before anything is stored, so no secret is left unlisted.
  await ctx.config.list();
  const base = resolveBaseUrl(provider, ctx.env, opts.baseUrlFlag);
  // A store that cannot take the secret (no keyring, no passphrase, a wrong one) fails before the
  // network check: Yandex allows 100 checks an hour, and a spinner would say the check failed.
  const account = accountName(provider.id, profile);
  const store = await ctx.store(opts.store);
  await store.ready(account);
  // So must the index: its directory made and its lock takeable (a read-only or uncreatable config dir).
  await ctx.config.transaction(async () => undefined);
  let identity: Identity | undefined;
  // The check's access token is kept only once the set is stored (below): a rejected set leaves nothing.
  const auth = opts.verify ? tokenSession(ctx, provider, { profile, values }, base, opts.onEvent) : undefined;
  if (opts.verify) {
    opts.onEvent?.({ type: 'verifying' });
    try {
      identity = await verifyCredentials(ctx, provider, values, base, opts.onEvent, auth);
    } catch (err) {
      if (err instanceof MktError) err.hints.push('nothing was stored');
      throw err;
    }
  }
  const now = new Date(ctx.clock.now()).toISOString();
  const ids: Credentials = {};
  for (const f of provider.fields) if (!f.secret) ids[f.key] = values[f.key]!;
  const expiresAt = provider.inspect?.(values)?.expiresAt;
  const entry: ProfileEntry = {
    provider: provider.id, profile, store: opts.store, savedAt: now, ids,
    ...(expiresAt ? { expiresAt } : {}),
    ...(identity ? { verifiedAt: now } : {}),
    ...(base.href !== new URL(provider.baseUrl).href ? { baseUrl: shownBaseUrl(base) } : {}),
  };
  const saved = await saveProfile(ctx, entry, values);
  const held = auth?.current();
  if (held) await tokenCacheFor(ctx, provider, { profile, values, source: opts.store }).write(held.token);
  return { entry, identity, ...(saved.previous ? { replaced: saved.previous } : {}), ...(saved.leftover ? { leftover: saved.leftover } : {}) };
}
