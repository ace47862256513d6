import type { Context, Headers, HttpResponse, Method, Provider } from './types.js';
import { NetworkError, ProviderHttpError, UsageError } from './errors.js';
import { describeNetworkError, drain, parseJson, readBody } from './response.js';
import { retryAfterMs } from '../providers/json.js';
import type { Redactor } from './redact.js';
import type { OnEvent } from './events.js';
import { REDIRECTS, redirectedBody, redirectTarget, type SentResponse } from './redirect.js';
import type { TokenSession } from './token-session.js';

export interface SendOptions {
  method: Method;
  url: URL;
  headers: Headers;
  body?: string | Buffer | NodeJS.ReadableStream;
  timeoutMs?: number;
  /** Extra attempts after the first. */
  retries?: number;
  /** The longest single wait for a rate limit before giving up. */
  maxWaitMs?: number;
  redact: Redactor;
  /** Told of every wait before a retry (shown on stderr by the CLI). */
  onEvent?: OnEvent;
  /** Awaited before every attempt: client-side pacing. */
  pace?: () => Promise<void>;
  /** Told the status and headers of every answer, retried ones too (whoami reads an hourly budget from them). */
  onAnswer?: (status: number, headers: Headers) => void;
  /** `pooled` for many requests in a row (pagination): one connection per origin, kept alive. */
  client?: 'oneshot' | 'pooled';
  /**
   * The request only reads, so a 5xx or a network failure may be sent again: the catalog's or the
   * provider's word for a call (core/operation.ts), true for an identity check.
   */
  readOnly: boolean;
  /** A streamed body anew (a file is opened again), for a redirect that keeps the body; none for stdin. */
  reopenBody?: () => NodeJS.ReadableStream;
  /** The access token the request carries (a provider with a token grant): added to each attempt's headers, renewed once on a 401. */
  auth?: TokenSession;
}

/**
 * Sends one request with the provider's rules: rate-limited answers are waited out and retried,
 * 5xx and network failures are retried only for read-only calls, writes are never replayed, and
 * redirects are followed only on the same origin (credentials never leave it).
 */
export async function send(ctx: Context, provider: Provider, opts: SendOptions): Promise<SentResponse> {
  const http = await ctx.http(opts.client);
  const replayable = opts.body === undefined || typeof opts.body === 'string' || Buffer.isBuffer(opts.body);
  const { readOnly } = opts;
  const retries = replayable ? (opts.retries ?? 3) : 0;
  let { method, url, body } = opts;
  let redirects = 0;
  let renewed = false;
  for (let attempt = 0; ; attempt++) {
    await opts.pace?.();
    // Asked at every attempt: a wait for a rate limit may outlast the token.
    const auth = await opts.auth?.headers();
    const sent = closing(provider, auth ? { ...auth.headers, ...opts.headers } : opts.headers);
    let res: HttpResponse;
    try {
      res = await http.request({ method, url, headers: body === undefined ? sent : framed(sent, opts.body), body: body as never, timeoutMs: opts.timeoutMs });
    } catch (err) {
      const invalid = invalidHeader(err);
      if (invalid) throw new UsageError(opts.redact(`${provider.id}: ${invalid}`));
      const reason = describeNetworkError(err);
      const unsent = neverSent(err);
      if ((readOnly || unsent) && attempt < retries) {
        await wait(ctx, opts, backoffMs(attempt), `${reason}; retrying ${readOnly ? 'a read-only request' : '(nothing was sent)'}`);
        continue;
      }
      // The origin too: a network failure is most often the wrong base URL (OZON_API_URL, --base-url).
      const hints = !readOnly && !unsent && retries > 0 ? [notRetried(method, url)] : [];
      throw new NetworkError(opts.redact(`${provider.id}: ${method} ${url.origin}${url.pathname}: ${reason}`), reason, hints);
    }
    opts.onAnswer?.(res.status, res.headers);
    if (REDIRECTS.has(res.status) && res.headers.location) {
      const target = redirectTarget(res.headers.location, url, redirects);
      if ('refused' in target) return { ...res, refusedRedirect: { ...target.refused, method, url } };
      const next = redirectedBody(res.status, method, body, opts.reopenBody);
      if (!next) return { ...res, refusedRedirect: { why: 'body', method, url } };
      await drain(res);
      redirects++;
      url = target.url;
      ({ method, body } = next);
      attempt--;
      continue;
    }
    if (res.status === 401 && opts.auth && auth && !renewed && carries(sent, auth.headers)) {
      renewed = true;
      const again = resent(body, opts.reopenBody);
      if (!again) return { ...res, notReplayed: 'the access token was renewed, but the body came from stdin and cannot be sent again: run the command again' };
      await drain(res);
      await opts.auth.renew(auth.token);
      body = again.body;
      attempt--;
      continue;
    }
    const rateLimited = provider.rateLimit.statuses.includes(res.status);
    const retryable = rateLimited || (res.status >= 500 && readOnly);
    if (!retryable && res.status >= 500 && retries > 0) return { ...res, notReplayed: notRetried(method, url) };
    if (!retryable || attempt >= retries) return res;
    const errBody = await readBody(res).catch(() => Buffer.alloc(0));
    const json = parseJson(errBody);
    const now = ctx.clock.now();
    const hinted = rateLimited ? (provider.rateLimit.waitMs(res.headers, json, now) ?? retryAfterMs(res.headers['retry-after'], now)) : retryAfterMs(res.headers['retry-after'], now);
    const ms = hinted ?? backoffMs(attempt);
    if (opts.maxWaitMs !== undefined && ms > opts.maxWaitMs) {
      const asked = `${res.status}: the provider asks to wait ${duration(ms)}, until ${utcTime(now + ms)}`;
      throw new ProviderHttpError(opts.redact(`${provider.id}: ${method} ${url.pathname} → ${asked}; giving up (waits are limited to ${Math.round(opts.maxWaitMs / 1000)} s)`), res.status, rateLimited ? 'rate_limit' : 'other');
    }
    await wait(ctx, opts, ms, rateLimited ? `rate limited (HTTP ${res.status})` : `HTTP ${res.status} on a read-only request`);
  }
}

/**
 * A 401 says the request was not applied because its credentials were not accepted (RFC 9110
 * §15.5.2): the provider authenticates before it acts, so sending it again with a renewed token
 * cannot apply anything twice, a write included. Only when it carried the session's token: a
 * user's own `-H Authorization` is theirs to fix.
 */
function carries(sent: Headers, auth: Headers): boolean {
  return Object.entries(auth).every(([name, value]) => sent[name] === value);
}

/** The body to send again: the same text, a file opened anew; undefined for stdin, which was read once. */
function resent(body: SendOptions['body'], reopen: SendOptions['reopenBody']): { body: SendOptions['body'] } | undefined {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return { body };
  return reopen ? { body: reopen() } : undefined;
}

/** A wait as a person reads it: `40 s`, `40 min` (an hourly limit frees at the end of its hour), `3 h 5 min`. */
export function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.ceil(s / 60);
  return min < 120 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

const utcTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** Why a failed request that may be a write was sent once: the server may have applied it before failing. */
function notRetried(method: string, url: URL): string {
  return `not retried: ${method} ${url.pathname} is not known to only read, so it may have been applied; check before sending it again`;
}

/**
 * Failures before any byte of the request left: nothing can have been applied, so even a write may
 * be tried again. A reset or a timeout may come after the server took the request: those are not here.
 */
function neverSent(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/**
 * A server that keeps no connection may close one right after its answer without saying so; a client
 * that reused it would send the next request into a closed socket (a GET retried, a POST failed as
 * "may have been applied"). Asking for `Connection: close` makes both clients open a new one each time.
 */
function closing(provider: Provider, headers: Headers): Headers {
  if (provider.keepAlive !== false || Object.keys(headers).some((k) => k.toLowerCase() === 'connection')) return headers;
  return { ...headers, connection: 'close' };
}

/**
 * Says where the body ends. node:http frames a GET/DELETE/OPTIONS body with neither Content-Length
 * nor chunking, so the server would read the body as the next request on the connection.
 */
function framed(headers: Headers, body: SendOptions['body']): Headers {
  if (body === undefined || Object.keys(headers).some((k) => /^(content-length|transfer-encoding)$/i.test(k))) return headers;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return { ...headers, 'transfer-encoding': 'chunked' };
}

/**
 * A header value HTTP cannot carry (a character above U+00FF in a key, a -H value...): bad input,
 * found before anything was sent, so it is neither retried nor called a network error.
 * Node names the header in its message, never the value.
 */
function invalidHeader(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const header = e?.code === 'ERR_INVALID_CHAR' || e?.code === 'ERR_INVALID_HTTP_TOKEN';
  if (header) {
    return `${e.message.split('\n')[0]}: a header value can only hold printable ASCII (or Latin-1) characters`;
  }
  return undefined;
}

async function wait(ctx: Context, opts: SendOptions, ms: number, reason: string): Promise<void> {
  opts.onEvent?.({ type: 'wait', ms, reason: opts.redact(reason) });
  await ctx.clock.sleep(ms);
}

/** Exponential backoff with equal jitter: 0.25–0.5 s, 0.5–1 s, 1–2 s... capped at 10–20 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(20_000, 500 * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}
