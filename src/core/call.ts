import type { Context, Headers, Method, Provider, ResolvedCredentials } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { resolveCredentials, type ProfileChoice } from './credentials.js';
import { joinUrl, resolveBaseUrl } from './base-url.js';
import { createRedactor, secretValues, type Redactor } from './redact.js';
import { parseItems } from './items.js';
import { requestHeaders } from './verify.js';
import { hasControlCharacter } from './validate.js';
import { fileProblem } from './body-file.js';
import { nestedDeeperThan, TOO_DEEP } from './json-depth.js';

export { METHODS } from '../providers/types.js';
import { METHODS } from '../providers/types.js';

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
  redact: Redactor;
}

export interface BodySources {
  readFile(path: string): string;
  readStdin(): Promise<string>;
  openStream(path: string): NodeJS.ReadableStream;
  stdin(): NodeJS.ReadableStream;
}

/** Builds the request `mkt call` sends: URL on the provider's origin, auth headers, body. */
export async function prepareCall(ctx: Context, input: CallInput, io: BodySources): Promise<PreparedCall> {
  const { provider } = input;
  // Credentials are looked up first, so an error quoting an item or a body that holds a key
  // (`key:=$OZON_API_KEY` with a typo) masks it before cutting it; but bad input still wins over
  // missing credentials (exit 2, not 3), so their error waits until the input has been read.
  const credentials = await resolveCredentials(ctx, provider, input.choice).then((resolved) => ({ resolved }), (error: unknown) => ({ error }));
  const parsed = parseItems(input.items, io.readFile);
  let body = await chooseBody(input, parsed.data, io);
  const method = pickMethod(input.method, body !== undefined, input.path, provider);
  if (body === undefined && provider.emptyBody !== undefined && ['POST', 'PUT', 'PATCH'].includes(method)) body = provider.emptyBody;
  if ('error' in credentials) throw credentials.error;
  const { resolved } = credentials;
  const entry = resolved.source === 'env' ? undefined : await ctx.config.get(provider.id, resolved.profile);
  const url = joinUrl(resolveBaseUrl(provider, ctx.env, input.baseUrlFlag, entry?.baseUrl), input.path);
  for (const [k, v] of parsed.query) url.searchParams.append(k, v);
  const headers: Headers = requestHeaders(provider, resolved.values, typeof body === 'string');
  for (const [k, v] of [...input.headers.map(parseHeaderFlag), ...parsed.headers]) headers[k] = v;
  const file = input.input !== undefined && input.input !== '-' ? input.input : undefined;
  const reopenBody = file === undefined ? undefined : () => io.openStream(file);
  return { provider, resolved, method, url, headers, body, bodyFile: input.input, reopenBody, redact: createRedactor(secretValues(provider, resolved.values)) };
}

function pickMethod(raw: string | undefined, hasBody: boolean, path: string, provider: Provider): Method {
  if (raw === undefined) {
    const known = provider.defaultMethod?.(path);
    if (known === undefined) return hasBody ? 'POST' : 'GET';
    if (hasBody && known === 'GET') {
      throw new UsageError(`${provider.id} ${quote(path)} is a GET and takes no body: give its parameters as name==value, or name the method to send a body anyway`);
    }
    return known;
  }
  const method = raw.toUpperCase() as Method;
  if (!METHODS.includes(method)) throw new UsageError(`unknown HTTP method ${quote(raw)} (use ${METHODS.join(', ')})`);
  return method;
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
function jsonProblem(err: Error): string {
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
