import type { Method, Provider } from './types.js';
import { NetworkError, ProviderHttpError } from './errors.js';
import { parseJson, readBody } from './response.js';
import { redirectError, type SentResponse } from './redirect.js';
import { nestedDeeperThan, TOO_DEEP } from './json-depth.js';
import { CONTROL_CHARACTERS } from './quote.js';
import type { Redactor } from './redact.js';

const CONTROL_RUNS = new RegExp(`${CONTROL_CHARACTERS.source}+`, 'g');

/** The request an answer belongs to: what its errors name, and what they must not show. */
export interface Exchange {
  provider: Provider;
  method: Method;
  url: URL;
  redact: Redactor;
  /** The credential set's secrets: a refused redirect to an origin that holds one does not name it. */
  secrets: string[];
  /** Said first when the credentials are rejected: which set was sent, for a user with several shops. */
  sentCredentials?: string;
  /** Said with a 404 or 405 that is not about the credentials: the request is not in the endpoint catalog (did you mean…). */
  notFoundHints?: () => string[];
}

/**
 * What a final answer (after send's retries and redirects) means. A 2xx leaves its body unread, for
 * the caller to stream or read as JSON (jsonOf); an error has read it, and keeps it for -i and -v.
 */
export type Outcome =
  | { ok: true; response: SentResponse }
  | { ok: false; response: SentResponse; error: ProviderHttpError; body: Buffer };

/**
 * The one place an answer becomes a result or an error, for `call`, `--paginate` and the identity
 * checks of `whoami` and `login`: a refused redirect, or a non-2xx classified by the provider's own
 * rules (rejected credentials exit 4, a rate limit still there after the waits 5, the rest 7) with
 * the provider's message, redacted.
 */
export async function outcome(ex: Exchange, res: SentResponse): Promise<Outcome> {
  if (res.status >= 200 && res.status <= 299) return { ok: true, response: res };
  const body = await errorBody(res);
  const error = res.refusedRedirect ? redirectError(ex.provider, res, ex.redact, ex.secrets) : httpError(ex, res.status, body);
  if (res.notReplayed) error.hints.push(res.notReplayed);
  if ((res.status === 404 || res.status === 405) && error.kind !== 'auth' && !res.refusedRedirect && ex.notFoundHints) error.hints.push(...ex.notFoundHints().map(ex.redact));
  return { ok: false, response: res, error, body };
}

/** The JSON of an answer that must be a 2xx with a JSON body (an identity check, a page), or its error. */
export async function answerJson(ex: Exchange, res: SentResponse, page?: number): Promise<unknown> {
  const result = await outcome(ex, res);
  if (!result.ok) throw result.error;
  return jsonOf(ex, res.status, await readBody(res), { required: true, page });
}

/**
 * A 2xx body as JSON, by one rule for every answer mkt walks: a body that is not JSON where JSON is
 * required, or JSON nested too deep to walk, is an HTTP error (exit 7) naming the request.
 * Undefined: not JSON, and not required.
 */
export function jsonOf(ex: Exchange, status: number, raw: Buffer, opts: { required: boolean; page?: number; hint?: string }): unknown {
  const json = parseJson(raw);
  const page = opts.page === undefined ? undefined : `page ${opts.page}`;
  if (json === undefined) {
    if (!opts.required) return undefined;
    throw new ProviderHttpError(ex.redact(`${where(ex)} → ${status}${page ? `: ${page}` : ', but the body'} is not JSON`), status, 'other');
  }
  if (nestedDeeperThan(json)) {
    throw new ProviderHttpError(ex.redact(`${where(ex)} → ${status}: ${page ?? 'the answer'} is ${TOO_DEEP}${opts.hint ? `; ${opts.hint}` : ''}`), status, 'other');
  }
  return json;
}

/** A provider split over several hosts has paths on more than one (`/ping` on each): its errors name the host too. */
const where = (ex: Exchange): string => `${ex.provider.id}: ${ex.method} ${ex.provider.hosts ? ex.url.host : ''}${ex.url.pathname}`;

/** A huge error page is still an HTTP error (exit 7), not a network one: it is said so, without its body. */
async function errorBody(res: SentResponse): Promise<Buffer> {
  return readBody(res).catch((err: unknown) => {
    if (err instanceof NetworkError && err.reason === 'too large') return Buffer.from('(error body larger than 16 MB, not shown)');
    throw err;
  });
}

/** The error for a non-2xx answer: method, path, status and the provider's own message, redacted. */
function httpError(ex: Exchange, status: number, body: Buffer): ProviderHttpError {
  const { provider, redact } = ex;
  const json = parseJson(body);
  const kind = provider.classify(status, json);
  // A server's text must not steer the terminal (escape sequences) or break the one-line error.
  const message = status < 200 ? interimAnswer(status) : (provider.errorMessage(json) ?? summarize(body, redact)).replace(CONTROL_RUNS, ' ').trim();
  const text = redact(`${where(ex)} → ${status}${message ? `: ${message}` : ''}`);
  if (kind === 'auth') {
    const rejected = `the credentials were rejected: check them, or generate a new key and run \`mkt login ${provider.id}\``;
    return new ProviderHttpError(text, status, 'auth', ex.sentCredentials ? [ex.sentCredentials, rejected] : [rejected]);
  }
  return new ProviderHttpError(text, status, kind === 'rate_limit' ? 'rate_limit' : 'other');
}

/**
 * A 1xx never ends an exchange; one that did is no answer: a 101 switching to a protocol mkt never
 * asked for (the clients hang up and hand it over as the answer), or a client that let another through.
 */
function interimAnswer(status: number): string {
  return status === 101 ? 'the server switched protocols instead of answering' : 'an interim (1xx) status instead of an answer';
}

/** The start of a body that is not the provider's JSON; redacted whole before anything is cut. */
function summarize(body: Buffer, redact: Redactor): string {
  const text = redact(body.toString('utf8')).slice(0, 4000);
  if (/<html|<!doctype/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `HTML page${title ? ` "${title}"` : ''} instead of JSON`;
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
