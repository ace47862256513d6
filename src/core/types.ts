/** Shapes shared by every layer. Pure types: importing this file costs nothing at run time. */
import type { Readable } from 'node:stream';
import type { ProviderRegistry } from '../providers/registry.js';

export type { ProviderRegistry, SpecProblem } from '../providers/registry.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

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
  hint: string;
}

export type Credentials = Record<string, string>;

export type CredentialSource = 'env' | 'keychain' | 'file' | 'memory';

export interface ResolvedCredentials {
  provider: string;
  profile: string;
  values: Credentials;
  source: CredentialSource;
}

export type ErrorKind = 'auth' | 'rate_limit' | 'not_found' | 'server' | 'client';

export type Headers = Record<string, string>;

export interface ApiRequest {
  method: Method;
  path: string;
  body?: unknown;
}

export interface Identity {
  /** Label/value pairs shown by `whoami`, in order. */
  lines: Array<[string, string]>;
  warnings: string[];
  /** Machine-readable form for `--json`. */
  data: Record<string, unknown>;
}

export interface Verification {
  request: ApiRequest;
  /** Undefined when the answer is not this provider's identity: a 2xx from the wrong base URL. */
  identity(json: unknown, creds: Credentials, now: Date): Identity | undefined;
  /** A second, optional call that adds detail; its failure never fails verification. */
  enrich?: { request: ApiRequest; apply(identity: Identity, json: unknown): void };
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

export interface Pagination {
  /** Where the cursor travels: in the JSON body (Ozon) or the query string (Yandex). */
  style: 'body' | 'query';
  /** The step after `json`, the answer to `request`; `first` is the run's first request (page numbers may start at 0 or 1). */
  next(request: PageRequest, json: unknown, first: PageRequest): PageStep;
  /** The item array inside one page. */
  items(json: unknown): unknown[];
}

export interface Provider {
  id: string;
  title: string;
  docsUrl: string;
  baseUrl: string;
  baseUrlEnv: string;
  fields: Field[];
  /** Pure: the auth headers for a credential set. */
  authorize(creds: Credentials): Headers;
  verify(creds: Credentials): Verification;
  classify(status: number, json: unknown): ErrorKind | undefined;
  /** The provider's own error text from an error body, if it has one. */
  errorMessage(json: unknown): string | undefined;
  rateLimit: {
    statuses: number[];
    waitMs(headers: Headers, json: unknown, now: number): number | undefined;
  };
  /** Client-side pacing: requests per second and requests in flight the provider tolerates. */
  pace: { perSecond: number; parallel: number };
  paginate?: Pagination;
  /** Whether a request only reads, so a 5xx or network failure may be retried. */
  readOnly(method: Method, path: string): boolean;
  guide: string[];
  /** The method when the user gives none and no body (Ozon: nearly every method is a POST). */
  defaultMethod?: Method;
  /** The body sent with a bodiless POST/PUT/PATCH (Ozon wants `{}`, not nothing). */
  emptyBody?: string;
  /** Shell expressions that rebuild derived auth headers from env vars, for `--curl` (Ozzie's base64 token). */
  shellAuth?: Headers;
  /** The user spec file this provider was read from; undefined for a built-in. */
  specFile?: string;
}

export interface HttpRequest {
  method: Method;
  url: URL;
  headers: Headers;
  body?: string | Buffer | Readable;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Headers;
  body: Readable;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Keytar's shape: one secret string per service + account. */
export interface SecretStore {
  readonly kind: Exclude<CredentialSource, 'env'>;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
  /**
   * Fails as `set(account)` would on a store it cannot reach (no bus, no Secret Service) or open (no
   * passphrase, a wrong one), and writes nothing: login asks before it spends one of the provider's
   * rate-limited checks. A locked keyring is found only by the write, which may unlock it with a prompt.
   */
  ready(account: string): Promise<void>;
  /**
   * Every account mkt keeps in this store, found by a bounded search (the file's own list; the
   * Secret Service's attribute search service=mkt, never the library's unbounded enumeration).
   * For `logout --all`, which must find secrets no index entry names.
   */
  accounts(): Promise<string[]>;
  /** Removes all of it without opening it (the file store deletes its file); false when there was none. */
  erase?(): Promise<boolean>;
}

export type StoreKind = SecretStore['kind'];

export interface ProfileEntry {
  provider: string;
  profile: string;
  store: StoreKind;
  savedAt: string;
  verifiedAt?: string;
  baseUrl?: string;
  /** Non-secret fields (e.g. Ozon Client-Id), kept so `status` needs no keychain access. */
  ids: Credentials;
  /** Set while a login or logout is between its writes; the next command finishes or undoes it (core/profile-write.ts). */
  pending?: PendingChange;
}

export interface PendingChange {
  op: 'login' | 'logout';
  /** Also written into the stored secret: tells whether the secret of this login reached the store. */
  txn: string;
  /** The entry a login replaces, restored if its secret never landed. */
  previous?: ProfileEntry;
}

export interface ConfigIndex {
  list(): Promise<ProfileEntry[]>;
  get(provider: string, profile: string): Promise<ProfileEntry | undefined>;
  put(entry: ProfileEntry): Promise<void>;
  update(provider: string, profile: string, patch: Partial<ProfileEntry>): Promise<void>;
  remove(provider: string, profile: string): Promise<boolean>;
  /** Runs `fn` as the only writer of profiles (secret and entry together) among mkt processes. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type Env = Record<string, string | undefined>;

/** Everything a core function may touch, injected so tests can swap any part. */
export interface Context {
  io: Io;
  env: Env;
  /** The providers of this run: the built-ins and the user's specs, read on first use. */
  providers: ProviderRegistry;
  /** Opens the store of a kind lazily: the keychain binding is loaded only when used. */
  store(kind: StoreKind): Promise<SecretStore>;
  config: ConfigIndex;
  /** `oneshot` loads in under a millisecond; `pooled` (undici) pays ~60 ms once for long runs. */
  http(kind?: 'oneshot' | 'pooled'): Promise<HttpClient>;
  clock: Clock;
}
