import type { Context, Credentials, Env, Provider, ResolvedCredentials, SecretStore } from './types.js';
import { NoCredentialsError, StoreError } from './errors.js';
import { cleanCredentials } from './validate.js';
import { rememberSecrets } from './redact.js';
import { settleProfile } from './profile-write.js';

export const DEFAULT_PROFILE = 'default';

/** The keychain account for a credential set. */
export const accountName = (provider: string, profile: string): string => `${provider}:${profile}`;

/** What the environment holds for a provider: complete, partial (names what is missing) or nothing. */
export function envCredentials(provider: Provider, env: Env): { values?: Credentials; missing: string[]; present: string[] } {
  const present = provider.fields.filter((f) => (env[f.env] ?? '') !== '');
  const missing = provider.fields.filter((f) => (env[f.env] ?? '') === '').map((f) => f.env);
  if (present.length === 0) return { missing, present: [] };
  if (missing.length > 0) return { missing, present: present.map((f) => f.env) };
  const values: Credentials = {};
  for (const f of provider.fields) values[f.key] = env[f.env]!;
  return { values, missing, present: present.map((f) => f.env) };
}

/**
 * A complete set from the provider's env vars wins (CI); otherwise the stored set for the profile.
 * A partial env set is an error: mixing sources silently would send the wrong key.
 */
export async function resolveCredentials(ctx: Context, provider: Provider, profile: string): Promise<ResolvedCredentials> {
  const fromEnv = envCredentials(provider, ctx.env);
  if (fromEnv.values) {
    const values = cleanCredentials(provider, fromEnv.values, 'the environment');
    rememberSecrets(provider, values);
    return { provider: provider.id, profile, values, source: 'env' };
  }
  if (fromEnv.present.length > 0) {
    throw new NoCredentialsError(
      `${fromEnv.missing.join(', ')} is not set, but ${fromEnv.present.join(', ')} is: set all of ${provider.fields.map((f) => f.env).join(', ')}, or none to use the stored profile`,
    );
  }
  let entry = await ctx.config.get(provider.id, profile);
  // A login or logout that was interrupted between its two writes is finished or undone first.
  if (entry?.pending) entry = await settleProfile(ctx, provider.id, profile);
  if (!entry) throw noCredentials(provider, profile);
  const store = await ctx.store(entry.store);
  const stored = await store.get(accountName(provider.id, profile));
  if (stored === undefined) {
    throw new NoCredentialsError(`${provider.id} (profile ${profile}) is listed in the config index, but the ${entry.store} store has no secret for it`, [
      `run \`mkt login ${provider.id}${profileFlag(profile)}\` again`,
    ]);
  }
  const values = parseStored(provider, stored, store);
  rememberSecrets(provider, values);
  return { provider: provider.id, profile, values, source: entry.store };
}

function parseStored(provider: Provider, stored: string, store: SecretStore): Credentials {
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    throw new StoreError(`the ${store.kind} entry for ${provider.id} is not valid JSON; run \`mkt login ${provider.id}\` again`);
  }
  if (json === null || typeof json !== 'object') throw new StoreError(`the ${store.kind} entry for ${provider.id} is not an object`);
  return cleanCredentials(provider, json as Credentials, `the ${store.kind} entry`);
}

export function noCredentials(provider: Provider, profile: string): NoCredentialsError {
  return new NoCredentialsError(`no credentials for ${provider.id} (profile ${profile})`, [
    `run \`mkt login ${provider.id}${profileFlag(profile)}\`, or set ${provider.fields.map((f) => f.env).join(' and ')}`,
  ]);
}

export const profileFlag = (profile: string): string => (profile === DEFAULT_PROFILE ? '' : ` --profile ${profile}`);
