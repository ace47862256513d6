import type { Credentials, Field, Provider } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { looksLikeSecret } from './secret-like.js';
import { TXN_KEY } from './profile-write.js';
import { splitEnvLine } from './env-file.js';

const normalize = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function fieldFor(provider: Provider, name: string): Field | undefined {
  const n = normalize(name);
  return provider.fields.find((f) => [f.key, f.env, f.label].some((alias) => normalize(alias) === n));
}

function expected(provider: Provider): string {
  return provider.fields.map((f) => f.env).join(', ');
}

/**
 * ENV_STYLE: capitals and digits in words joined by underscores (an upper-case base32 token has
 * none), or one short capital word (TOKEN).
 */
const ENV_STYLE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{1,12})$/;
/** api_key, Api-Key, token: words with at most their first letter a capital, joined by '_', '-' or '.'. */
const WORDS = /^[A-Za-z][a-z0-9]*(?:[_.-][A-Za-z][a-z0-9]*)*$/;

/**
 * An unknown key, for the error: quoted only when it reads as a name (ENV_STYLE, or words; at most
 * 40 characters; not like a key, core/secret-like.ts), else only its length. A secret on a line of
 * its own whose base64 padding ends in `=` parses as `KEY=` with the secret as the key, and the
 * error would print it whole (into a CI log): a mixed-case run of letters is not a name.
 */
function unknownKey(name: string): string {
  const readable = (ENV_STYLE.test(name) || WORDS.test(name)) && name.length <= 40 && !looksLikeSecret(name);
  if (readable) return `unknown key ${quote(name)}`;
  return `unknown key of ${name.length} characters (not shown, in case it is a secret)`;
}

/**
 * Credentials piped on stdin: a JSON object, `KEY=VALUE` lines (field key, env name or label;
 * `export ` and quotes allowed, `#` comments skipped), or a bare token for one-secret providers.
 * Errors name keys and line numbers only, never values (nor a key that may be a value).
 */
export function parseCredentialInput(provider: Provider, text: string): Credentials {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new UsageError(`nothing on stdin: expected ${expected(provider)} as KEY=VALUE lines or a JSON object`);
  if (trimmed.startsWith('{')) return fromJson(provider, trimmed);
  const secrets = provider.fields.filter((f) => f.secret);
  if (!/^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(trimmed) && !trimmed.includes('\n') && secrets.length === 1 && provider.fields.length === 1) {
    return { [secrets[0]!.key]: trimmed };
  }
  return fromLines(provider, trimmed);
}

function fromJson(provider: Provider, text: string): Credentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError('stdin starts with { but is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UsageError('stdin JSON must be an object');
  const out: Credentials = {};
  for (const [name, value] of Object.entries(json)) {
    // A secret as mkt stored it (`pass show mkt/<provider>/<profile>`) carries the txn of its login: not a field.
    if (name === TXN_KEY) continue;
    const field = fieldFor(provider, name);
    if (!field) throw new UsageError(`${unknownKey(name)} in stdin JSON (expected ${expected(provider)})`);
    if (typeof value !== 'string' && typeof value !== 'number') throw new UsageError(`${quote(name)} in stdin JSON must be a string`);
    out[field.key] = String(value);
  }
  return out;
}

function fromLines(provider: Provider, text: string): Credentials {
  const out: Credentials = {};
  text.split('\n').forEach((rawLine, i) => {
    const split = splitEnvLine(rawLine);
    if (split === undefined) return;
    if (split === 'malformed') throw new UsageError(`stdin line ${i + 1} is not KEY=VALUE (expected ${expected(provider)})`);
    const field = fieldFor(provider, split.name);
    if (!field) throw new UsageError(`${unknownKey(split.name)} on stdin line ${i + 1} (expected ${expected(provider)})`);
    out[field.key] = split.value;
  });
  return out;
}
