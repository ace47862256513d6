/**
 * What a provider is: the bottom layer of mkt. Types and the list of methods, no imports: core and
 * cli build on these, providers depend on nothing.
 */
/** Every method mkt sends; the one list (core, user specs). */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type Method = (typeof METHODS)[number];

/** One credential field a provider needs (Client-Id, Api-Key...). */
export interface Field {
  key: string;
  label: string;
  /** Secrets are masked when typed, never printed, never taken from argv. */
  secret: boolean;
  /** The environment variable that carries this field in CI and for `mkt exec`. */
  env: string;
  /** A command-line flag for non-secret fields, e.g. `--client-id`. */
  flag?: string;
  pattern?: RegExp;
  /** Said when `pattern` does not match. */
  patternHint?: string;
  /** Why a value that matches `pattern` still is none (a token that does not decode), in words after the field's name; undefined when it is one. */
  check?(value: string): string | undefined;
  hint: string;
}

export type Credentials = Record<string, string>;

export type ErrorKind = 'auth' | 'rate_limit' | 'not_found' | 'server' | 'client';

export type Headers = Record<string, string>;

export interface ApiRequest {
  method: Method;
  path: string;
  body?: unknown;
  /** For a provider split over several hosts (`hosts`): the host to send it to, where the path alone does not say. */
  host?: string;
}

export interface Identity {
  /** Label/value pairs shown by `whoami`, in order. */
  lines: Array<[string, string]>;
  warnings: string[];
  /** Machine-readable form for `--json`. */
  data: Record<string, unknown>;
  /**
   * The access scopes the credentials carry, named as the provider's spec names the scopes of its
   * operations (Yandex `x-auth-scopes`: `pricing:read-only`): whoami counts what they allow.
   */
  scopes?: string[];
}

export interface Verification {
  request: ApiRequest;
  /** Undefined when the answer is not this provider's identity: a 2xx from the wrong base URL. */
  identity(json: unknown, creds: Credentials, now: Date): Identity | undefined;
  /** A second, optional call that adds detail; its failure never fails verification. */
  enrich?: { request: ApiRequest; apply(identity: Identity, json: unknown): void };
  /** More checks sent alongside, each reported on a line of its own; one that rejects the credentials fails verification. */
  probes?: Array<{ label: string; request: ApiRequest }>;
  /** The line of `request` itself among the probes' (`ping content`), when it is one of their kind. */
  label?: string;
  /** A budget `request` spends per account (Yandex: 100 token checks an hour): whoami does not send a check it knows would find it spent. */
  budget?: CheckBudget;
}

/**
 * A count of identity checks the provider allows per account in a window, and how its answers say
 * what is left. whoami remembers the latest answer (a hash of the account, never a credential) and,
 * while the budget is spent, reports the check as deferred instead of burning the next window too.
 */
export interface CheckBudget {
  /** A stable name of what is counted (part of the remembered state's key). */
  id: string;
  /** The rule in words, for the row of a check not sent: `Yandex allows 100 token checks an hour (POST /v2/auth/token)`. */
  rule: string;
  /** What an answer's headers say: checks left, and when the window frees (epoch ms); undefined when they do not say. */
  read(headers: Headers): { remaining: number; until: number } | undefined;
}

/** What a credential set says about itself, read offline (a JWT's claims): no request needed. */
export interface CredentialFacts {
  /** Label/value pairs shown by `whoami` after the identity's own. */
  lines: Array<[string, string]>;
  warnings: string[];
  data: Record<string, unknown>;
  /** When the credentials stop working (ISO 8601): shown by whoami and status; expired, nothing is sent. */
  expiresAt?: string;
}

/** An API split over several hosts (one per category): each path goes to its own. */
export interface HostTable {
  /** The host (a name the provider gives it) that serves a path, or undefined when none is known. */
  of(path: string): string | undefined;
  /** That host's origin for a credential set (a test token's may be a sandbox host). */
  origin(host: string, creds: Credentials): string;
  /** Every origin its credentials may go to: an absolute URL on any other is refused. */
  origins: readonly string[];
}

/** One page's request: the query string and the JSON body (either may carry the cursor). */
export interface PageRequest {
  query: URLSearchParams;
  body: unknown;
}

/**
 * What a page says about the one after it. `last`: the answer itself says it was the last page
 * (an empty cursor, `has_next: false`, the page count reached, a short or empty page).
 * `unrecognised`: a page with items whose paging fields the rule does not know, so stopping may
 * miss pages; `lookedFor` names what was searched, for the note on stderr.
 */
export type PageStep = { kind: 'next'; request: PageRequest } | { kind: 'last' } | { kind: 'unrecognised'; lookedFor: string };

/**
 * How the provider's spec says an operation pages (the endpoint catalog), named after the request
 * field or parameter that moves it on, and where its items are (`result.operations`, `postings`).
 */
export interface ExpectedPaging {
  style: 'last_id' | 'last_value_id' | 'cursor' | 'offset' | 'page' | 'page_token';
  items?: string;
}

export interface Pagination {
  /** Where the cursor travels: in the JSON body (Ozon) or the query string (Yandex). */
  style: 'body' | 'query';
  /**
   * The step after `json`, the answer to `request`; `first` is the run's first request (page numbers
   * may start at 0 or 1). `expected`: the spec's paging of the operation, when the catalog knows it;
   * without it the rule reads what the answer shows.
   */
  next(request: PageRequest, json: unknown, first: PageRequest, expected?: ExpectedPaging): PageStep;
  /** The item array inside one page. */
  items(json: unknown, expected?: ExpectedPaging): unknown[];
}

/**
 * OAuth 2 client credentials (RFC 6749 §4.4): the stored fields are traded for a short-lived access
 * token, and the token, not the fields, goes with every request. Core exchanges on demand, caches the
 * token with its expiry and renews it once when an answer says it was not accepted (core/token-*.ts).
 */
export interface TokenGrant {
  /** The exchange, on the provider's base URL: its body carries the secret fields. */
  request(creds: Credentials): ApiRequest;
  /** The token and its lifetime in seconds from the exchange's answer; undefined when the answer is not one. */
  read(json: unknown): { accessToken: string; expiresInSec: number } | undefined;
  /** The variable `mkt exec --with-token` puts the token in, and `mkt call --curl` reads it from. */
  env: string;
}

export interface Provider {
  id: string;
  /** Other names users type for it (`ym` for yandex). */
  aliases?: string[];
  /** Command lines for the help of each command (`call`, `login`...; `top` for `mkt --help`): the line, and what it does. */
  examples?: Record<string, Array<[line: string, note?: string]>>;
  title: string;
  docsUrl: string;
  /** The origin of requests; for a provider with `hosts`, of those whose path names no other host. */
  baseUrl: string;
  baseUrlEnv: string;
  /**
   * One host per part of the API: a path resolves to its host. An override (`--base-url`, the
   * variable) stands for every host at once; a `{host}` in its path is replaced by each host's name.
   */
  hosts?: HostTable;
  fields: Field[];
  /** Pure: the auth headers for a credential set; with a `token` grant, for the access token (none without one). */
  authorize(creds: Credentials, accessToken?: string): Headers;
  /** Requests carry an access token the fields are exchanged for, not the fields themselves. */
  token?: TokenGrant;
  /** What a (checked) credential set says about itself offline; undefined when it cannot be read. */
  inspect?(creds: Credentials): CredentialFacts | undefined;
  verify(creds: Credentials): Verification;
  classify(status: number, json: unknown): ErrorKind | undefined;
  /** The provider's own error text from an error body, if it has one. */
  errorMessage(json: unknown): string | undefined;
  rateLimit: {
    statuses: number[];
    waitMs(headers: Headers, json: unknown, now: number): number | undefined;
  };
  /** false: the provider keeps no connection alive (Yandex), so every request asks for `Connection: close`. */
  keepAlive?: boolean;
  /** Client-side pacing: requests per second and requests in flight the provider tolerates. */
  pace: { perSecond: number; parallel: number };
  paginate?: Pagination;
  /**
   * Whether a request only reads, so a 5xx or network failure may be retried: the rule of a provider
   * without an endpoint catalog. Where a catalog exists it decides, and what it does not know is a
   * write (core/operation.ts); without either, GET and HEAD read.
   */
  readOnly?(method: Method, path: string): boolean;
  guide: string[];
  /** The user spec file this provider was read from; undefined for a built-in. */
  specFile?: string;
  /**
   * The method of a path when the user gives none and the endpoint catalog does not know the path
   * (Ozon: POST, as all but six of its methods are; those six GETs are in the catalog). A GET it
   * names takes no body. Without it: GET, or POST when there is a body.
   */
  defaultMethod?(path: string): Method;
  /** The body sent with a bodiless POST/PUT/PATCH (Ozon wants `{}`, not nothing). */
  emptyBody?: string;
  /** Shell expressions that rebuild derived auth headers from env vars, for `--curl` (Ozzie's base64 token). */
  shellAuth?: Headers;
}
