/**
 * `mkt call` after its build step (prepareCall, core/call.ts): send → outcome here, or page by page
 * (core/paginate.ts, the same two stages per page). The CLI renders what comes back.
 */
import type { Context } from './types.js';
import type { PreparedCall } from './call.js';
import { send, type SendOptions } from './send.js';
import { outcome, type Exchange, type Outcome } from './outcome.js';
import { describeSource } from './credentials.js';
import { secretValues } from './redact.js';

export type CallOptions = Pick<SendOptions, 'timeoutMs' | 'retries' | 'maxWaitMs' | 'onEvent'>;

/** Sends the prepared request once (with send's retries and redirects) and says what the answer means. */
export async function sendCall(ctx: Context, call: PreparedCall, opts: CallOptions): Promise<Outcome> {
  const res = await send(ctx, call.provider, { ...opts, method: call.method, url: call.url, headers: call.headers, body: call.body, reopenBody: call.reopenBody, redact: call.redact, auth: call.auth, readOnly: call.known.readOnly });
  return outcome(exchangeOf(call), res);
}

/** The call's request as its errors name it; `url` for a page, whose query differs. */
export function exchangeOf(call: PreparedCall, url: URL = call.url): Exchange {
  const { provider, resolved } = call;
  return {
    provider, method: call.method, url, redact: call.redact, secrets: [...secretValues(provider, resolved.values), ...(call.auth?.tokens() ?? [])],
    sentCredentials: `sent the credentials of ${describeSource(provider, resolved)}`,
    notFoundHints: call.known.notFoundHints,
  };
}
