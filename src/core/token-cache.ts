/**
 * Where an access token waits between commands: in the store that keeps the set's secret, under a
 * second account (`<provider>:<profile>:token`), so it is as protected as the secret and never in a
 * plain file. A set from the environment has no store: its token is kept in this process only.
 */
import type { Context, Credentials, Provider, ResolvedCredentials, SecretStore } from './types.js';
import { accountName } from './credentials.js';

export interface CachedToken {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface TokenCache {
  read(): Promise<CachedToken | undefined>;
  /** A write that fails is not the command's failure: the token still serves this run. */
  write(token: CachedToken): Promise<void>;
  /** One exchange at a time for this set: among mkt processes for a stored profile, in this process for the environment's. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

const SUFFIX = ':token';

/** What an access token may hold to go into a header: visible ASCII (RFC 6750's b64token is a subset), of a sane length. */
const USABLE_TOKEN = /^[\x21-\x7e]{1,8192}$/;

export const usableToken = (token: string): boolean => USABLE_TOKEN.test(token);

export const tokenAccount = (provider: string, profile: string): string => `${accountName(provider, profile)}${SUFFIX}`;

/** The profile account a cached token belongs to (itself for any other account). */
export const profileAccountOf = (account: string): string => (account.endsWith(SUFFIX) ? account.slice(0, -SUFFIX.length) : account);

/** Removes a profile's cached token, if its provider has one: its set was replaced or removed. Never fails. */
export async function forgetToken(ctx: Context, store: SecretStore, provider: string, profile: string): Promise<void> {
  if (!ctx.providers.find(provider)?.token) return;
  await store.delete(tokenAccount(provider, profile)).catch(() => false);
}

/** The non-secret fields: a token cached for another client_id (an index edited by hand, a store copied) is not this set's. */
const ownerOf = (provider: Provider, values: Credentials): string => JSON.stringify(provider.fields.filter((f) => !f.secret).map((f) => values[f.key]));

/** A stored profile's cache is its store; the environment's set (or one not stored yet, during login) has only this process. */
export function tokenCacheFor(ctx: Context, provider: Provider, resolved: Pick<ResolvedCredentials, 'profile' | 'values'> & Partial<Pick<ResolvedCredentials, 'source'>>): TokenCache {
  const owner = ownerOf(provider, resolved.values);
  if (resolved.source === undefined || resolved.source === 'env') return processCache(`${provider.id}\n${JSON.stringify(resolved.values)}`);
  const source = resolved.source;
  const account = tokenAccount(provider.id, resolved.profile);
  return {
    // Unreadable is as good as absent: the secret was read a moment ago, and an exchange replaces it.
    read: async () => parse(await (early(source, account) ?? (await ctx.store(source)).get(account)).catch(() => undefined), owner),
    write: async (token) => {
      await (await ctx.store(source)).set(account, JSON.stringify({ for: owner, ...token })).catch(() => undefined);
    },
    exclusive: (fn) => ctx.config.lock(`token-${provider.id}-${resolved.profile}`, fn),
  };
}

const prefetched = new Map<string, Promise<string | undefined>>();

/**
 * Starts reading a profile's cached token while its secret is read (credentials.ts): two keychain
 * lookups at once instead of one after the other. The first read of the cache takes it.
 */
export function prefetchToken(store: SecretStore, provider: string, profile: string): void {
  const account = tokenAccount(provider, profile);
  prefetched.set(`${store.kind}\n${account}`, store.get(account).catch(() => undefined));
}

function early(kind: string, account: string): Promise<string | undefined> | undefined {
  const key = `${kind}\n${account}`;
  const found = prefetched.get(key);
  prefetched.delete(key);
  return found;
}

const inProcess = new Map<string, CachedToken>();
const queues = new Map<string, Promise<unknown>>();

function processCache(key: string): TokenCache {
  return {
    read: async () => inProcess.get(key),
    write: async (token) => void inProcess.set(key, token),
    exclusive: (fn) => {
      const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
      queues.set(key, run);
      return run;
    },
  };
}

/** A stored entry as written by `write`; anything else (an older format, a hand edit, another set's) is no token. */
function parse(stored: string | undefined, owner: string): CachedToken | undefined {
  if (stored === undefined) return undefined;
  try {
    const json = JSON.parse(stored) as Record<string, unknown>;
    const { accessToken, expiresAt } = json;
    if (json.for !== owner || typeof accessToken !== 'string' || !usableToken(accessToken) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
    return { accessToken, expiresAt };
  } catch {
    return undefined;
  }
}
