import type { Context, CredentialSource, Field } from './types.js';
import { envCredentials } from './credentials.js';
import { maskId } from './redact.js';
import { providers } from '../providers/index.js';

export interface StatusRow {
  provider: string;
  profile: string;
  source: CredentialSource;
  /** Masked non-secret identifiers (e.g. Client-Id). */
  ids: Record<string, string>;
  savedAt?: string;
  verifiedAt?: string;
  baseUrl?: string;
  /** Set for env rows: variables that are missing from a partial set. */
  missing?: string[];
  /** A login or logout interrupted between its writes; the next command that uses the profile settles it. */
  pending?: 'login' | 'logout';
}

/** What is configured, from the config index and the environment: no network, no secret read. */
export async function status(ctx: Context, profile: string): Promise<StatusRow[]> {
  const rows: StatusRow[] = [];
  for (const p of providers) {
    const env = envCredentials(p, ctx.env);
    if (env.present.length === 0) continue;
    const ids: Record<string, string> = {};
    for (const f of p.fields) if (!f.secret && ctx.env[f.env]) ids[f.label] = shownId(f, ctx.env[f.env]!);
    rows.push({ provider: p.id, profile, source: 'env', ids, ...(env.values ? {} : { missing: env.missing }) });
  }
  for (const e of await ctx.config.list()) {
    const p = providers.find((x) => x.id === e.provider);
    const ids: Record<string, string> = {};
    for (const [key, value] of Object.entries(e.ids)) ids[p?.fields.find((f) => f.key === key)?.label ?? key] = maskId(value);
    rows.push({ provider: e.provider, profile: e.profile, source: e.store, ids, savedAt: e.savedAt, verifiedAt: e.verifiedAt, baseUrl: e.baseUrl, ...(e.pending ? { pending: e.pending.op } : {}) });
  }
  return rows;
}

/** An id that fails its check may be a key in the wrong variable: not even its last characters then. */
function shownId(field: Field, value: string): string {
  return field.pattern && !field.pattern.test(value.trim()) ? '(not valid, not shown)' : maskId(value);
}
