import type { Credentials, Provider } from './types.js';

export const REDACTED = '***';

/**
 * Every string that would reveal a secret of this set: the secret fields themselves and every
 * auth header value built from them (Ozzie's base64 token is derived, so masking fields is not enough).
 */
export function secretValues(provider: Provider, creds: Credentials): string[] {
  const plain = new Set(provider.fields.filter((f) => !f.secret).map((f) => creds[f.key]));
  const found = new Set<string>();
  for (const f of provider.fields) if (f.secret && creds[f.key]) found.add(creds[f.key]!);
  for (const value of Object.values(provider.authorize(creds))) {
    if (plain.has(value) || !value) continue;
    found.add(value);
    const token = value.replace(/^\S+\s+/, '');
    if (token !== value) found.add(token);
  }
  // Longest first, so a value that contains another is replaced whole.
  return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

export type Redactor = (text: string) => string;

/**
 * Replaces each of `secrets` by `***`. `more` adds values learnt while the request runs (an access
 * token exchanged on the way), read at each call.
 */
export function createRedactor(secrets: string[], more?: () => readonly string[]): Redactor {
  if (!more) return fixedRedactor(secrets);
  let known = -1;
  let current: Redactor = fixedRedactor(secrets);
  return (text) => {
    const extra = more();
    if (extra.length !== known) {
      known = extra.length;
      current = fixedRedactor([...secrets, ...extra]);
    }
    return current(text);
  };
}

function fixedRedactor(secrets: string[]): Redactor {
  if (secrets.length === 0) return (text) => text;
  // A secret with a quote or a backslash in it appears escaped in JSON that mkt writes back out, and
  // one with ':' or '+' percent-encoded in a URL (a query item holding a Yandex token).
  const forms = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]))]
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of forms) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** Every string inside a value (arrays, plain objects), redacted; the shape is kept. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)])) as T;
  }
  return value;
}

/** An origin to print: the URL parser lower-cases host names, so a secret in one would slip past redaction. */
export function printableOrigin(origin: string, secrets: string[]): string {
  return secrets.some((s) => origin.includes(s.toLowerCase())) ? 'another origin (its name holds a credential)' : origin;
}

/** A non-secret identifier shown partly, e.g. `••••0200`. */
export function maskId(value: string): string {
  if (value.length <= 4) return '••••';
  return `••••${value.slice(-4)}`;
}

/**
 * Secrets this process has handled. The last line of defence: whatever reaches the top-level
 * error printer (an unexpected error's message or stack) is redacted with them.
 */
const handled = new Set<string>();
/** Built once per set of secrets: every quote() in an error message goes through it. */
let handledRedactor: Redactor | undefined;

/** Lookups of secrets put off until something is first redacted (they may read files). */
const deferred: Array<() => void> = [];

export function rememberSecrets(provider: Provider, creds: Credentials): void {
  for (const secret of secretValues(provider, creds)) handled.add(secret);
  handledRedactor = undefined;
}

/** A secret that is no field of a set: an access token this process was handed. */
export function rememberSecret(value: string): void {
  handled.add(value);
  handledRedactor = undefined;
}

export function rememberWhenRedacting(lookup: () => void): void {
  deferred.push(lookup);
  handledRedactor = undefined;
}

export function redactHandled(text: string): string {
  for (const lookup of deferred.splice(0)) lookup();
  handledRedactor ??= createRedactor([...handled]);
  return handledRedactor(text);
}
