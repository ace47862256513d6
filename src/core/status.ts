import type { Context, CredentialSource, Field } from './types.js';
import { envCredentials, type ProfileChoice } from './credentials.js';
import { maskId } from './redact.js';
import { fieldValue } from './env-vars.js';
import { expiryOf, type Expiry } from './credential-facts.js';

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
    rows.push({ provider: p.id, profile: null, source: 'env', ids, ...(env.values ? {} : { missing: env.missing }), used: !choice.named, ...expiry });
  }
  for (const e of await ctx.config.list()) {
    if (choice.named && e.profile !== choice.profile) continue;
    const p = ctx.providers.all.find((x) => x.id === e.provider);
    const ids: Record<string, string> = {};
    for (const [key, value] of Object.entries(e.ids)) {
      const field = p?.fields.find((f) => f.key === key);
      ids[field?.label ?? key] = field ? shownId(field, value) : NOT_SHOWN;
    }
    const shadowed = !choice.named && e.profile === choice.profile && envSets.has(e.provider);
    rows.push({
      provider: e.provider, profile: e.profile, source: e.store, ids, savedAt: e.savedAt, verifiedAt: e.verifiedAt, baseUrl: e.baseUrl, used: !shadowed,
      ...(e.pending ? { pending: e.pending.op } : {}), ...expiryFields(e.expiresAt, now),
    });
  }
  return rows;
}

const NOT_SHOWN = '(not valid, not shown)';

/**
 * An id that fails its field's check may be a key in the wrong variable: not even its last
 * characters then; nor of a secret field, or an id of no known field (an index edited by hand).
 */
function shownId(field: Field, value: string): string {
  return field.secret || (field.pattern && !field.pattern.test(value.trim())) ? NOT_SHOWN : maskId(value);
}
