/**
 * What a token's scopes allow, from the endpoint catalog (Yandex `x-auth-scopes`): whoami shows it,
 * so a CI step can assert that a token can, say, update prices before a job counts on it.
 */
import type { Operation } from '../catalog/types.js';
import type { Context, Identity, Provider } from './types.js';
import { catalogOf } from './catalog.js';

export interface GroupCount {
  /** Operations of the group the scopes allow, of `of`; `writes`: how many of the allowed ones change data. */
  allowed: number;
  of: number;
  writes: number;
}

export interface AllowedOperations extends GroupCount {
  /** Per group: a scope without its `:read-only` (`pricing` counts what `pricing` or `pricing:read-only` allows). */
  groups: Record<string, GroupCount>;
  /** The allowed operations, by operation id (`METHOD /path` without one), for an exact check. */
  ids: string[];
}

const READ_ONLY = ':read-only';
/** The scope every operation takes: a group of everything. */
const EVERY = 'all-methods';

const groupOf = (scope: string): string => (scope.endsWith(READ_ONLY) ? scope.slice(0, -READ_ONLY.length) : scope);

/** The operations any one of `scopes` allows, counted in all and per group. Operations the spec gives no scopes are not counted. */
export function allowedOperations(operations: readonly Operation[], scopes: readonly string[]): AllowedOperations {
  const granted = new Set(scopes);
  const total: GroupCount = { allowed: 0, of: 0, writes: 0 };
  const groups: Record<string, GroupCount> = {};
  const ids: string[] = [];
  for (const op of operations) {
    if (!op.scopes?.length) continue;
    const allowed = op.scopes.some((s) => granted.has(s));
    const counts = [total, ...[...new Set(op.scopes.map(groupOf))].filter((g) => g !== EVERY).map((g) => (groups[g] ??= { allowed: 0, of: 0, writes: 0 }))];
    for (const c of counts) {
      c.of++;
      if (allowed) c.allowed++;
      if (allowed && !op.reads) c.writes++;
    }
    if (allowed) ids.push(op.operationId ?? `${op.method} ${op.path}`);
  }
  return { ...total, groups, ids };
}

const phrase = (c: GroupCount): string => `${c.allowed} of ${c.of} allowed${c.allowed ? `, ${c.writes} of them write` : ''}`;

/** Adds to a verified identity that names its scopes what they allow in the provider's catalog; nothing when it has none. */
export async function addAllowedOperations(ctx: Context, provider: Provider, identity: Identity): Promise<void> {
  if (!identity.scopes) return;
  const catalog = await catalogOf(ctx, provider);
  if (!catalog) return;
  const allowed = allowedOperations(catalog.catalog.operations, identity.scopes);
  if (!allowed.of) return;
  identity.lines.push(['operations', `${phrase(allowed)} (${catalog.catalog.source.file})`]);
  for (const [group, count] of Object.entries(allowed.groups)) identity.lines.push([`  ${group}`, phrase(count)]);
  identity.data.operations = allowed;
}
