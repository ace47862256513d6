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
    for (const [key, value] of Object.entries(e.ids)) {
      const field = p?.fields.find((f) => f.key === key);
      ids[field?.label ?? key] = field ? shownId(field, value) : NOT_SHOWN;
    }
    rows.push({ provider: e.provider, profile: e.profile, source: e.store, ids, savedAt: e.savedAt, verifiedAt: e.verifiedAt, baseUrl: e.baseUrl });
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
