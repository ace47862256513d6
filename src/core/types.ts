/** Shapes shared by every layer. Pure types: importing this file costs nothing at run time. */
import type { Readable } from 'node:stream';
// The one type from an adapter layer: the kinds are the store registry's, a file with only type imports.
import type { StoreKind } from '../store/registry.js';

export type { StoreKind };

export type { ProviderRegistry, SpecProblem } from '../providers/registry.js';
export type { Method, Field, Credentials, ErrorKind, Headers, ApiRequest, Identity, Verification, CredentialFacts, HostTable, PageRequest, PageStep, Pagination, ExpectedPaging, Provider, TokenGrant, CheckBudget } from '../providers/types.js';
import type { Method, Credentials, Headers } from '../providers/types.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Catalogs } from '../catalog/load.js';

export type CredentialSource = 'env' | StoreKind;

export interface ResolvedCredentials {
  provider: string;
  profile: string;
  values: Credentials;
  source: CredentialSource;
  /** The profile is the one `mkt profile use` chose for the provider. */
  chosen?: true;
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
  readonly kind: StoreKind;
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

export interface ProfileEntry {
  provider: string;
  profile: string;
  store: StoreKind;
  savedAt: string;
  verifiedAt?: string;
  baseUrl?: string;
  /** Non-secret fields (e.g. Ozon Client-Id), kept so `status` needs no keychain access. */
  ids: Credentials;
  /** When the stored credentials expire, as they say themselves (a JWT's `exp`): for `status`, which reads no secret. */
  expiresAt?: string;
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
  /** Several updates in one write (whoami's check dates over hundreds of profiles); each a no-op for a profile not in the index. */
  updateMany?(patches: ReadonlyArray<{ provider: string; profile: string; patch: Partial<ProfileEntry> }>): Promise<void>;
  /** Also drops the provider's chosen profile (`defaults`) when it is the one removed. */
  remove(provider: string, profile: string): Promise<boolean>;
  /** Provider id → the profile `mkt profile use` chose for it; a provider not in it uses `default`. */
  defaults(): Promise<Record<string, string>>;
  /** Chooses the provider's profile; undefined goes back to `default`. */
  setDefault(provider: string, profile: string | undefined): Promise<void>;
  /** Runs `fn` as the only writer of profiles (secret and entry together) among mkt processes. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` while holding the lock `name` (a plain word) among mkt processes: one token exchange per profile at a time. */
  lock<T>(name: string, fn: () => Promise<T>): Promise<T>;
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
  /** The providers of this run (the built-ins and the user's specs, read on first use); core never imports a concrete one. */
  providers: ProviderRegistry;
  /** Opens the store of a kind lazily: the keychain binding is loaded only when used. */
  store(kind: StoreKind): Promise<SecretStore>;
  config: ConfigIndex;
  /** Both node:http (under a millisecond to load); `pooled` keeps one connection per origin for long runs (pagination). */
  http(kind?: 'oneshot' | 'pooled'): Promise<HttpClient>;
  clock: Clock;
  /** The endpoint catalogs (src/catalog), loaded on first use: a provider's index is read only when one of its requests is built. */
  catalogs(): Promise<Catalogs>;
}
