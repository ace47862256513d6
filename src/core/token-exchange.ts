import type { Context, Credentials, Provider } from './types.js';
import { usableToken, type CachedToken } from './token-cache.js';
import type { OnEvent } from './events.js';
import type { Redactor } from './redact.js';
import { ProviderHttpError } from './errors.js';
import { joinUrl } from './base-url.js';
import { secretValues } from './redact.js';
import { send } from './send.js';
import { answerJson } from './outcome.js';
import { requestHeaders } from './verify.js';

export interface ExchangeOptions {
  redact: Redactor;
  /** Said first when the pair is rejected: which set was sent. */
  sentCredentials?: string;
  onEvent?: OnEvent;
}

/**
 * Trades the set's fields for an access token at the provider's token endpoint. The exchange issues
 * something, so like any request not known to only read it is sent again only when it never left
 * (or was rate limited). Its expiry counts from before the request went out, never later than the provider's.
 */
export async function exchangeToken(ctx: Context, provider: Provider, creds: Credentials, base: URL, opts: ExchangeOptions): Promise<CachedToken> {
  const grant = provider.token!;
  const request = grant.request(creds);
  const url = joinUrl(base, request.path);
  const body = JSON.stringify(request.body ?? {});
  const sentAt = ctx.clock.now();
  const res = await send(ctx, provider, {
    method: request.method, url, headers: requestHeaders(provider, creds, true), body, redact: opts.redact,
    retries: 2, timeoutMs: 15_000, maxWaitMs: 30_000, readOnly: false, onEvent: opts.onEvent,
  });
  const exchange = { provider: tokenEndpoint(provider), method: request.method, url, redact: opts.redact, secrets: secretValues(provider, creds), sentCredentials: opts.sentCredentials };
  const read = grant.read(await answerJson(exchange, res));
  if (!read || !usableToken(read.accessToken)) {
    throw new ProviderHttpError(opts.redact(`${provider.id}: ${request.method} ${url.pathname} answered, but not with an access token: is the base URL (${base.origin}) right?`), res.status, 'other');
  }
  return { accessToken: read.accessToken, expiresAt: sentAt + read.expiresInSec * 1000 };
}

/**
 * A token endpoint answers a bad pair with 401 `invalid_client`, or 400 (`invalid_grant`,
 * `unauthorized_client`: RFC 6749 §5.2): only the pair varies in the request mkt builds, so both
 * mean rejected credentials (exit 4), as 403 does.
 */
function tokenEndpoint(provider: Provider): Provider {
  return { ...provider, classify: (status, json) => (status === 400 || status === 401 || status === 403 ? 'auth' : provider.classify(status, json)) };
}
