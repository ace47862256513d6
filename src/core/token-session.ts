/**
 * The access token of one credential set for one command: reused from the cache while it has more
 * than a minute left, else exchanged once, whoever asks (several requests of this process, several
 * mkt processes: the cache's lock lets one exchange and the others read its token).
 */
import type { Context, Headers, Provider, ResolvedCredentials } from './types.js';
import type { OnEvent } from './events.js';
import { tokenCacheFor, type CachedToken } from './token-cache.js';
import { exchangeToken } from './token-exchange.js';
import { createRedactor, rememberSecret, secretValues } from './redact.js';
import { describeSource } from './credentials.js';

/** A token with less than this left is not sent: it could expire on the way, or during a retry. */
export const RENEW_MARGIN_MS = 60_000;

export interface TokenSession {
  /** A token valid for more than RENEW_MARGIN_MS: this session's, the cache's, or a new exchange's. */
  token(): Promise<string>;
  /** token() and the auth headers that carry it. */
  headers(): Promise<{ token: string; headers: Headers }>;
  /** After the provider answered 401 to `rejected`: a newer token another process cached, or a new exchange. */
  renew(rejected: string): Promise<void>;
  /** Reads the cached token, if any, without exchanging: so that output made before anything is sent (-v, --dry-run) redacts it too. */
  peek(): Promise<void>;
  /** Every token this session has held: redaction covers each. */
  tokens(): readonly string[];
  /** The token in use, and whether it was reused from the cache. */
  current(): { token: CachedToken; reused: boolean } | undefined;
}

/** A resolved set; without a source, one not stored yet (login checks it first). */
export type TokenSet = Pick<ResolvedCredentials, 'profile' | 'values'> & Partial<Pick<ResolvedCredentials, 'source'>>;

/** The session for a set of a provider whose requests carry an access token; undefined for any other. */
export function tokenSession(ctx: Context, provider: Provider, resolved: TokenSet, base: URL, onEvent?: OnEvent): TokenSession | undefined {
  if (!provider.token) return undefined;
  const cache = tokenCacheFor(ctx, provider, resolved);
  const redact = createRedactor(secretValues(provider, resolved.values));
  const sentCredentials = resolved.source && `sent the credentials of ${describeSource(provider, { profile: resolved.profile, source: resolved.source })}`;
  const held: string[] = [];
  let current: { token: CachedToken; reused: boolean } | undefined;
  let pending: Promise<string> | undefined;

  const fresh = (t: CachedToken | undefined, rejected?: string): t is CachedToken =>
    t !== undefined && t.accessToken !== rejected && t.expiresAt - RENEW_MARGIN_MS > ctx.clock.now();

  function know(token: CachedToken): void {
    if (held.includes(token.accessToken)) return;
    held.push(token.accessToken);
    rememberSecret(token.accessToken);
  }

  function hold(token: CachedToken, reused: boolean): string {
    current = { token, reused };
    know(token);
    return token.accessToken;
  }

  async function obtain(rejected?: string): Promise<string> {
    const cached = await cache.read();
    if (fresh(cached, rejected)) return hold(cached, true);
    return cache.exclusive(async () => {
      // Another process may have exchanged while this one waited for the lock: its token serves.
      const again = await cache.read();
      if (fresh(again, rejected)) return hold(again, true);
      const token = await exchangeToken(ctx, provider, resolved.values, base, { redact, sentCredentials, onEvent });
      await cache.write(token);
      return hold(token, false);
    });
  }

  /** One lookup at a time: requests of this process that ask together share it. */
  function once(rejected?: string): Promise<string> {
    pending ??= obtain(rejected).finally(() => (pending = undefined));
    return pending;
  }

  const session: TokenSession = {
    token: () => {
      const token = current?.token;
      return fresh(token) ? Promise.resolve(token.accessToken) : once();
    },
    headers: async () => {
      const token = await session.token();
      return { token, headers: provider.authorize(resolved.values, token) };
    },
    renew: async (rejected) => {
      await pending?.catch(() => undefined);
      current = undefined;
      await once(rejected);
    },
    peek: async () => {
      const cached = await cache.read();
      if (cached) know(cached);
    },
    tokens: () => held,
    current: () => current,
  };
  return session;
}
