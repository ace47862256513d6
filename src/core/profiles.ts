/** `mkt profile use` and `mkt profile list`: the profile each provider uses when no --profile is given. */
import type { Context, Provider } from './types.js';
import { NoCredentialsError } from './errors.js';
import { DEFAULT_PROFILE, envCredentials, profileFlag, UNNAMED } from './credentials.js';
import { status } from './status.js';

export interface ProfileChange {
  provider: string;
  /** The provider's profile from now on; `default` when the choice was cleared. */
  profile: string;
  /** The environment has a complete set for the provider: used again after a clear, never while a profile is chosen. */
  envSet: boolean;
}

/**
 * Chooses `profile` for one provider, or for every provider that has it stored; `default` clears
 * the choice (the environment's set then wins over the stored default again, as with no choice).
 * A profile that is not stored cannot be chosen: exit 3, and nothing changes.
 */
export async function useProfile(ctx: Context, profile: string, provider?: Provider): Promise<ProfileChange[]> {
  const providers = provider ? [provider] : ctx.providers.all;
  const clear = profile === DEFAULT_PROFILE;
  const targets: Provider[] = [];
  if (clear) {
    const chosen = await ctx.config.defaults();
    targets.push(...(provider ? [provider] : providers.filter((p) => Object.hasOwn(chosen, p.id))));
  } else {
    const stored = new Set((await ctx.config.list()).filter((e) => e.profile === profile).map((e) => e.provider));
    targets.push(...providers.filter((p) => stored.has(p.id)));
    if (targets.length === 0) throw notStored(profile, provider);
  }
  for (const p of targets) await ctx.config.setDefault(p.id, clear ? undefined : profile);
  return targets.map((p) => ({ provider: p.id, profile, envSet: envCredentials(p, ctx.env).values !== undefined }));
}

function notStored(profile: string, provider?: Provider): NoCredentialsError {
  if (provider) {
    return new NoCredentialsError(`${provider.id} has no stored profile ${profile}; nothing changed`, [`run \`mkt login ${provider.id}${profileFlag(profile)}\` first`]);
  }
  return new NoCredentialsError(`no provider has a stored profile ${profile}; nothing changed`, ['`mkt profile list` shows the stored ones; `mkt login <provider> --profile <name>` stores one']);
}

export interface ProfileListRow {
  provider: string;
  /** null: the environment's set, listed when it is the one in use. */
  profile: string | null;
  /** The set commands without --profile use for the provider. */
  active: boolean;
  chosen: boolean;
}

/** Every stored profile, and each provider's environment set that commands use; no secret, no network. */
export async function listProfiles(ctx: Context): Promise<ProfileListRow[]> {
  const rows = await status(ctx, UNNAMED);
  return rows
    .filter((r) => r.profile !== null || r.active)
    .map((r) => ({ provider: r.provider, profile: r.profile, active: r.active, chosen: r.chosen === true }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || Number(b.active) - Number(a.active) || (a.profile ?? '').localeCompare(b.profile ?? ''));
}
