import type { Context, Headers, Method, Provider, ResolvedCredentials } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { resolveCredentials, type ProfileChoice } from './credentials.js';
import { requestUrl, resolveBaseUrl } from './base-url.js';
import { refuseExpired } from './credential-facts.js';
import { createRedactor, secretValues, type Redactor } from './redact.js';
import { parseItems } from './items.js';
import { requestHeaders } from './verify.js';
import { hasControlCharacter } from './validate.js';
import { fileProblem } from './body-file.js';
import { tokenSession, type TokenSession } from './token-session.js';
import { nestedDeeperThan, TOO_DEEP } from './json-depth.js';
import { catalogOf } from './catalog.js';
import { chooseOperation, type OperationChoice } from './operation.js';
import { checkRequired } from './required-fields.js';

export { METHODS } from '../providers/types.js';

export interface CallInput {
  provider: Provider;
  choice: ProfileChoice;
  baseUrlFlag?: string;
  method?: string;
  path: string;
  items: string[];
  /** `-H 'Name: value'` flags. */
  headers: string[];
  /** `-d`: inline JSON, `@file` or `-` for stdin. */
  data?: string;
  /** `--input FILE|-`: a raw body, streamed. */
  input?: string;
  /** false (`--no-validate`): send without checking the fields the spec requires. */
  validate?: boolean;
}

export interface PreparedCall {
  provider: Provider;
  resolved: ResolvedCredentials;
  method: Method;
  url: URL;
  headers: Headers;
  /** JSON bodies are kept as text (replayable); `--input` streams. */
  body?: string | NodeJS.ReadableStream;
  /** Where a streamed body comes from: the `--input` path, `-` for stdin. */
  bodyFile?: string;
  /** The streamed body anew, for a redirect that keeps it; undefined when it cannot be (stdin). */
  reopenBody?: () => NodeJS.ReadableStream;
  /** The access token the request carries, for a provider with a token grant: got when the request is sent, never for --dry-run or --curl. */
  auth?: TokenSession;
  redact: Redactor;
  /** What the endpoint catalog knows of the request (its operation, reads, paging), or the provider's own rules. */
  known: Omit<OperationChoice, 'method'>;
}

export interface BodySources {
  readFile(path: string): string;
  readStdin(): Promise<string>;
  openStream(path: string): NodeJS.ReadableStream;
  stdin(): NodeJS.ReadableStream;
}

/** Builds the request `mkt call` sends: URL on the provider's origin, auth headers, body, and what the endpoint catalog knows of it. */
export async function prepareCall(ctx: Context, input: CallInput, io: BodySources): Promise<PreparedCall> {
  const { provider } = input;
  // Credentials are looked up first, so an error quoting an item or a body that holds a key
  // (`key:=$OZON_API_KEY` with a typo) masks it before cutting it; but bad input still wins over
  // missing credentials (exit 2, not 3), so their error waits until the input has been read.
  const credentials = await resolveCredentials(ctx, provider, input.choice).then((resolved) => ({ resolved }), (error: unknown) => ({ error }));
  const parsed = parseItems(input.items, io.readFile);
  let body = await chooseBody(input, parsed.data, io);
  const { url, base } = await buildUrl(ctx, input, credentials);
  for (const [k, v] of parsed.query) url.searchParams.append(k, v);
  const catalog = await catalogOf(ctx, provider);
  const { method, ...known } = chooseOperation(provider, catalog, input.method, apiPath(base, url), body !== undefined);
  if (body === undefined && provider.emptyBody !== undefined && ['POST', 'PUT', 'PATCH'].includes(method)) body = provider.emptyBody;
  // A streamed body (--input) is sent as it is, unread.
  const checked = input.validate !== false && (body === undefined || typeof body === 'string');
  if (catalog && known.operation && checked) checkRequired(provider.id, known.operation, body as string | undefined, url.searchParams, catalog.catalog.source.file);
  if ('error' in credentials) throw credentials.error;
  const { resolved } = credentials;
  refuseExpired(provider, resolved.values, new Date(ctx.clock.now()));
  const headers: Headers = requestHeaders(provider, resolved.values, typeof body === 'string');
  for (const [k, v] of [...input.headers.map(parseHeaderFlag), ...parsed.headers]) headers[k] = v;
  const file = input.input !== undefined && input.input !== '-' ? input.input : undefined;
  const reopenBody = file === undefined ? undefined : () => io.openStream(file);
  const auth = tokenSession(ctx, provider, resolved, base);
  const redact = createRedactor(secretValues(provider, resolved.values), () => auth?.tokens() ?? []);
  return { provider, resolved, method, url, headers, body, bodyFile: input.input, reopenBody, auth, redact, known };
}

/**
 * The request's URL on the base URL of the set it is sent with (a stored profile may keep its own).
 * Without credentials the URL is still built, on the base they would not change, so that bad input
 * is told before missing credentials; a problem of that URL is then the credentials' error.
 */
async function buildUrl(ctx: Context, input: CallInput, credentials: { resolved: ResolvedCredentials } | { error: unknown }): Promise<{ url: URL; base: URL }> {
  const { provider } = input;
  const entry = 'resolved' in credentials && credentials.resolved.source !== 'env' ? await ctx.config.get(provider.id, credentials.resolved.profile) : undefined;
  try {
    const base = resolveBaseUrl(provider, ctx.env, input.baseUrlFlag, entry?.baseUrl);
    // A provider with a host per category (Wildberries) picks the host by path, and by what the credentials allow.
    return { url: requestUrl(provider, base, input.path, 'resolved' in credentials ? credentials.resolved.values : {}), base };
  } catch (err) {
    throw 'error' in credentials ? credentials.error : err;
  }
}

/** The path as the provider's API knows it: without the base URL's own prefix (a proxy's, the sandbox's `/ozon`). */
export function apiPath(base: URL, url: URL): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return prefix && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url.pathname;
}

async function chooseBody(input: CallInput, data: unknown, io: BodySources): Promise<string | NodeJS.ReadableStream | undefined> {
  const given = [input.data !== undefined && '-d', input.input !== undefined && '--input', data !== undefined && 'data items'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`give the body one way only (${given.join(' and ')} were both given)`);
  if (data !== undefined) return JSON.stringify(data);
  if (input.input !== undefined) return input.input === '-' ? io.stdin() : io.openStream(input.input);
  if (input.data === undefined) return undefined;
  const text = input.data === '-' ? await readDataStdin(io) : input.data.startsWith('@') ? readDataFile(input.data.slice(1), io) : input.data;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`-d is not valid JSON (${jsonProblem(err as Error)}); use --input to send a body as it is`);
  }
  // One rule for every body mkt builds or reads whole (--paginate writes this one out again).
  if (nestedDeeperThan(parsed)) throw new UsageError(`-d is ${TOO_DEEP}; use --input to send a body as it is`);
  return text;
}

/**
 * V8's own reason, without the piece of the body it quotes (`Unexpected token 'A', "ACMA:sandb"...
 * is not valid JSON`): the body may hold a secret, and a piece of one is not recognised by redaction.
 */
export function jsonProblem(err: Error): string {
  return err.message.split('\n')[0]!.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '');
}

async function readDataStdin(io: BodySources): Promise<string> {
  try {
    return await io.readStdin();
  } catch (err) {
    throw new UsageError(`-d -: cannot read stdin${fileProblem(err)}`);
  }
}

function readDataFile(path: string, io: BodySources): string {
  try {
    return io.readFile(path);
  } catch (err) {
    throw new UsageError(`-d @${path}: cannot read the file${fileProblem(err)}`);
  }
}

/** `-H 'Name: value'`. */
export function parseHeaderFlag(raw: string): [string, string] {
  const i = raw.indexOf(':');
  const name = raw.slice(0, i).trim();
  if (i <= 0 || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new UsageError(`-H ${quote(raw)} is not 'Name: value'`);
  const value = raw.slice(i + 1).trim();
  if (hasControlCharacter(value)) throw new UsageError(`-H ${name}: the value contains a control character`);
  return [name, value];
}
