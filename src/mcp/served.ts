import type { Context, Provider } from '../core/types.js';
import type { ProfileChoice } from '../core/credentials.js';
import { DEFAULT_PROFILE, resolveCredentials } from '../core/credentials.js';
import { MktError, NoCredentialsError, UsageError } from '../core/errors.js';
import { getProvider } from '../core/registry.js';
import { checkProfileName } from '../core/validate.js';
import { whoamiTargets } from '../core/whoami.js';
import { quote } from '../core/quote.js';

/** One credential set the server may use: a provider and a profile (the environment's set stands for `default`). */
export interface ServedSet {
  provider: Provider;
  profile: string;
  choice: ProfileChoice;
}

/** `--provider <id>` or `--provider <id>:<profile>`. */
export interface ServeFilter {
  providerId: string;
  profile?: string;
}

export function parseServeFilter(ctx: Context, raw: string): ServeFilter {
  const at = raw.indexOf(':');
  const name = at < 0 ? raw : raw.slice(0, at);
  const providerId = getProvider(ctx.providers, name).id;
  if (at < 0) return { providerId };
  return { providerId, profile: checkProfileName(raw.slice(at + 1)) };
}

/**
 * The sets to serve: every configured one (as `mkt whoami` finds them: the environment's and every
 * stored profile), narrowed by `--profile` and the `--provider` filters. None left is exit 3.
 */
export async function servedSets(ctx: Context, choice: ProfileChoice, filters: readonly ServeFilter[]): Promise<ServedSet[]> {
  const targets = await whoamiTargets(ctx, choice);
  const sets: ServedSet[] = [];
  for (const t of targets) {
    if (!('provider' in t)) continue;
    const set = { provider: t.provider, profile: t.choice.profile, choice: t.choice };
    if (filters.length && !filters.some((f) => f.providerId === set.provider.id && (f.profile === undefined || f.profile === set.profile))) continue;
    if (!sets.some((s) => s.provider.id === set.provider.id && s.profile === set.profile)) sets.push(set);
  }
  if (sets.length === 0) {
    const asked = filters.map((f) => (f.profile ? `${f.providerId}:${f.profile}` : f.providerId)).join(', ');
    throw new NoCredentialsError(`no configured credential set matches --provider ${asked}`, [
      `configured: ${targets.map((t) => ('provider' in t ? `${t.provider.id}:${t.choice.profile}` : t.unavailable.id)).join(', ')}`,
      'run `mkt login <provider>` first; `mkt status` lists what is configured',
    ]);
  }
  return sets;
}

/**
 * Reads every served set once, so that their secrets are known before any tool argument is checked
 * for one (core remembers each secret it resolves). A set that cannot be read now is said on stderr
 * and tried again when a tool uses it.
 */
export async function readServedSets(ctx: Context, sets: readonly ServedSet[], warn: (line: string) => void): Promise<void> {
  for (const set of sets) {
    try {
      await resolveCredentials(ctx, set.provider, set.choice);
    } catch (err) {
      if (!(err instanceof MktError)) throw err;
      warn(`${set.provider.id} (profile ${set.profile}) cannot be read now: ${err.message}`);
    }
  }
}

/** The set a tool call names: its provider's only served set, its `default`, or the profile asked for. */
export function pickSet(sets: readonly ServedSet[], providerId: string, profile: string | undefined): ServedSet {
  const mine = sets.filter((s) => s.provider.id === providerId);
  if (mine.length === 0) throw new UsageError(`provider ${quote(providerId)} is not served here; served: ${[...new Set(sets.map((s) => s.provider.id))].join(', ')}`);
  if (profile !== undefined) {
    const found = mine.find((s) => s.profile === profile);
    if (!found) throw new UsageError(`profile ${quote(profile)} of ${providerId} is not served here; served: ${mine.map((s) => s.profile).join(', ')}`);
    return found;
  }
  const only = mine.length === 1 ? mine[0] : mine.find((s) => s.profile === DEFAULT_PROFILE);
  if (!only) throw new UsageError(`${providerId} has several profiles here (${mine.map((s) => s.profile).join(', ')}): name one in "profile"`);
  return only;
}
