import type { HttpResponse, Method, Provider } from './types.js';
import { ProviderHttpError } from './errors.js';
import { printableOrigin, type Redactor } from './redact.js';
import { quote } from './quote.js';

export const REDIRECTS = new Set([301, 302, 303, 307, 308]);
type Body = string | Buffer | NodeJS.ReadableStream;
export const MAX_REDIRECTS = 5;

/** Why a redirect was not followed; the caller turns it into the error (it knows the secrets). */
export type RedirectRefusal =
  | { why: 'invalid'; location: string }
  | { why: 'scheme'; protocol: string }
  | { why: 'origin'; origin: string }
  | { why: 'too many' }
  | { why: 'body' };

/** What send() answers: the last response, and when it is a redirect it did not follow, why. */
export interface SentResponse extends HttpResponse {
  /** With the method and URL of the request it answered (after the redirects that were followed). */
  refusedRedirect?: RedirectRefusal & { method: Method; url: URL };
  /** Why a 5xx was not retried: the request may be a write. */
  notReplayed?: string;
}

/**
 * Where a Location leads, or why mkt does not go there. Checked in this order: a Location the URL
 * parser refuses (`http://[`), a scheme that is not http(s) (its origin would print as "null"),
 * another origin (credentials never leave it), then the hop limit on the same origin.
 */
export function redirectTarget(location: string, from: URL, hops: number): { url: URL } | { refused: RedirectRefusal } {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return { refused: { why: 'invalid', location } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: { why: 'scheme', protocol: url.protocol } };
  if (url.origin !== from.origin) return { refused: { why: 'origin', origin: url.origin } };
  if (hops >= MAX_REDIRECTS) return { refused: { why: 'too many' } };
  return { url };
}

/**
 * The error for a redirect mkt did not follow (exit 7). The Location comes from the server and may
 * hold the key (in its query, or in a host name, which the URL parser lower-cases): it is redacted
 * before it is cut, and an origin holding a secret is not named.
 */
export function redirectError(provider: Provider, res: SentResponse, redact: Redactor, secrets: string[]): ProviderHttpError {
  const refusal = res.refusedRedirect!;
  const where = `${provider.id}: ${refusal.method} ${refusal.url.pathname} → ${res.status}`;
  const text = (() => {
    switch (refusal.why) {
      case 'invalid': return `the Location header is not a valid URL (${quote(redact(refusal.location), 80)}); not followed`;
      case 'scheme': return `redirected to a ${quote(refusal.protocol, 20)} URL; only http(s) redirects on the same origin are followed`;
      case 'origin': return `redirected to ${printableOrigin(refusal.origin, secrets)}; not followed with credentials`;
      case 'too many': return `too many redirects (more than ${MAX_REDIRECTS}); stopped`;
      case 'body': return 'a redirect that keeps the body, but the body came from stdin and cannot be sent again; not followed';
    }
  })();
  return new ProviderHttpError(redact(`${where}: ${text}`), res.status, 'other');
}

/**
 * What a followed redirect sends: 303 (and 301/302 after a POST, as browsers do) turns into a GET
 * without a body; the others keep the method and the body. A streamed body was used up by the first
 * request: it is opened again, or, when it cannot be (stdin), undefined: the redirect is not followed.
 */
export function redirectedBody(status: number, method: Method, body: Body | undefined, reopen?: () => NodeJS.ReadableStream): { method: Method; body: Body | undefined } | undefined {
  const streamed = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    if (streamed) destroy(body);
    return { method: 'GET', body: undefined };
  }
  if (!streamed) return { method, body };
  destroy(body);
  return reopen ? { method, body: reopen() } : undefined;
}

const destroy = (stream: NodeJS.ReadableStream): void => void (stream as NodeJS.ReadableStream & { destroy?(): void }).destroy?.();
