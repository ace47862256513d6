import type { Context, CredentialSource, Env, Field, Provider } from './types.js';
import { envCredentials, type ProfileChoice } from './credentials.js';
import { maskId } from './redact.js';
import { baseUrlValue, fieldValue } from './env-vars.js';
import { expiryOf, type Expiry } from './credential-facts.js';
import { isLoopback } from './base-url.js';

export interface StatusRow {
  provider: string;
  /** null for the environment's set: it belongs to no profile. */
  profile: string | null;
  source: CredentialSource;
  /** Masked non-secret identifiers (e.g. Client-Id). */
  ids: Record<string, string>;
  savedAt?: string;
  verifiedAt?: string;
  baseUrl?: string;
  /** Set for env rows: variables that are missing from a partial set. */
  missing?: string[];
  /**
   * Whether a command given the same profile choice would use this set: a stored default is shadowed
   * by a complete environment set, and the environment is never used for a named profile.
   */
  used: boolean;
  /** The set a command on this provider uses when given no other profile than this status was: at most one per provider. */
  active: boolean;
  /** The profile `mkt profile use` chose for the provider (it keeps the environment's set out). */
  chosen?: true;
  /** On an environment row: the provider's chosen profile, which commands use instead of this set. */
  chosenProfile?: string;
  /** Not the provider's own base URL, and what commands would use: the variable's, else the one saved at login. */
  baseUrlInUse?: { url: string; from: string; loopback: boolean };
  /** A login or logout interrupted between its writes; the next command that uses the profile settles it. */
  pending?: 'login' | 'logout';
  /** When the credentials expire, as they say themselves (read at login for a stored set). */
  expiresAt?: string;
  daysLeft?: number;
  expired?: boolean;
}

function expiryFields(expiresAt: string | undefined, now: Date): Pick<StatusRow, 'expiresAt' | 'daysLeft' | 'expired'> {
  const e: Expiry | undefined = expiresAt === undefined ? undefined : expiryOf(expiresAt, now);
  return e ? { expiresAt, daysLeft: e.daysLeft, expired: e.expired } : {};
}

/**
 * What is configured, from the config index and the environment: no network, no secret read.
 * A named profile narrows the stored rows to it; the environment's rows are still listed, as not used.
 */
export async function status(ctx: Context, choice: ProfileChoice): Promise<StatusRow[]> {
  const rows: StatusRow[] = [];
  const now = new Date(ctx.clock.now());
  const envSets = new Set<string>();
  const chosen = choice.named ? {} : await ctx.config.defaults();
  for (const p of ctx.providers.all) {
    const env = envCredentials(p, ctx.env);
    if (env.present.length === 0) continue;
    if (env.values) envSets.add(p.id);
    const ids: Record<string, string> = {};
    for (const f of p.fields) {
      const value = fieldValue(ctx.env, f);
      if (!f.secret && value) ids[f.label] = shownId(f, value);
    }
    const expiry = env.values ? expiryFields(p.inspect?.(env.values)?.expiresAt, now) : {};
    const used = !choice.named && !Object.hasOwn(chosen, p.id);
    const instead = Object.hasOwn(chosen, p.id) ? { chosenProfile: chosen[p.id]! } : {};
    rows.push({ provider: p.id, profile: null, source: 'env', ids, ...(env.values ? {} : { missing: env.missing }), used, active: used && env.values !== undefined, ...instead, ...inUse(p, ctx.env), ...expiry });
  }
  // Asked once per provider, not per row: an agency lists hundreds (an environment read costs ~1 µs).
  const providers = new Map(ctx.providers.all.map((p) => [p.id, p]));
  const urls = new Map<string, Pick<StatusRow, 'baseUrlInUse'>>();
  const urlInUse = (p: Provider, saved: string | undefined) => {
    const key = `${p.id}\n${saved ?? ''}`;
    let found = urls.get(key);
    if (!found) urls.set(key, (found = inUse(p, ctx.env, saved)));
    return found;
  };
  for (const e of await ctx.config.list()) {
    if (choice.named && e.profile !== choice.profile) continue;
    const p = providers.get(e.provider);
    const ids: Record<string, string> = {};
    for (const key in e.ids) {
      const field = p?.fields.find((f) => f.key === key);
      ids[field?.label ?? key] = field ? shownId(field, e.ids[key]!) : NOT_SHOWN;
    }
    const hasChoice = Object.hasOwn(chosen, e.provider);
    const isChosen = hasChoice && chosen[e.provider] === e.profile;
    const shadowed = !choice.named && !hasChoice && e.profile === choice.profile && envSets.has(e.provider);
    const active = choice.named || isChosen || (!hasChoice && e.profile === choice.profile && !shadowed);
    const row: StatusRow = { provider: e.provider, profile: e.profile, source: e.store, ids, savedAt: e.savedAt, verifiedAt: e.verifiedAt, baseUrl: e.baseUrl, used: !shadowed, active };
    if (isChosen) row.chosen = true;
    if (p) {
      const url = urlInUse(p, e.baseUrl).baseUrlInUse;
      if (url) row.baseUrlInUse = url;
    }
    if (e.pending) row.pending = e.pending.op;
    if (e.expiresAt !== undefined) Object.assign(row, expiryFields(e.expiresAt, now));
    rows.push(row);
  }
  return rows;
}

/** The base URL commands would use for a set (without --base-url), when it is not the provider's own. */
function inUse(provider: Provider, env: Env, saved?: string): Pick<StatusRow, 'baseUrlInUse'> {
  const fromEnv = baseUrlValue(env, provider);
  const url = fromEnv || saved;
  if (!url || url.replace(/\/+$/, '') === provider.baseUrl.replace(/\/+$/, '')) return {};
  return { baseUrlInUse: { ...shownUrl(url), from: fromEnv ? provider.baseUrlEnv : 'saved at login' } };
}

/** Origin and path only: a user:password or a query in the variable is not printed, nor a value that is no URL (a key in the wrong variable). */
function shownUrl(raw: string): { url: string; loopback: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: '(not a URL, not shown)', loopback: false };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { url: '(not an http(s) URL, not shown)', loopback: false };
  // `{host}` as typed (the URL parser keeps it percent-encoded): a base URL that stands for each host.
  return { url: `${url.origin}${url.pathname === '/' ? '' : url.pathname.replace(/%7Bhost%7D/gi, '{host}')}`, loopback: isLoopback(url) };
}

const NOT_SHOWN = '(not valid, not shown)';

/**
 * An id that fails its field's check may be a key in the wrong variable: not even its last
 * characters then; nor of a secret field, or an id of no known field (an index edited by hand).
 */
function shownId(field: Field, value: string): string {
  return field.secret || (field.pattern && !field.pattern.test(value.trim())) ? NOT_SHOWN : maskId(value);
}
