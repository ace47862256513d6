import type { Context, Credentials, Env, Provider, ProviderRegistry, ResolvedCredentials, SecretStore } from './types.js';
import { NoCredentialsError, StoreError } from './errors.js';
import { cleanCredentials } from './validate.js';
import { rememberSecret, rememberSecrets, rememberWhenRedacting } from './redact.js';
import { settleProfile } from './profile-write.js';
import { fieldValue } from './env-vars.js';
import { prefetchToken } from './token-cache.js';

export const DEFAULT_PROFILE = 'default';

/** The keychain account for a credential set. */
export const accountName = (provider: string, profile: string): string => `${provider}:${profile}`;

/** What the environment holds for a provider: complete, partial (names what is missing) or nothing. */
export function envCredentials(provider: Provider, env: Env): { values?: Credentials; missing: string[]; present: string[] } {
  const present = provider.fields.filter((f) => (fieldValue(env, f) ?? '') !== '');
  const missing = provider.fields.filter((f) => (fieldValue(env, f) ?? '') === '').map((f) => f.env);
  if (present.length === 0) return { missing, present: [] };
  if (missing.length > 0) return { missing, present: present.map((f) => f.env) };
  const values: Credentials = {};
  for (const f of provider.fields) values[f.key] = fieldValue(env, f)!;
  return { values, missing, present: present.map((f) => f.env) };
}

/**
 * Every provider's credential variables that are set, complete or not, remembered as secrets before
 * argv is parsed: a usage error that echoes one of them (a key pasted as an option) is redacted too.
 * Looked up when something is first redacted: the registry (with the user's specs) is not read for `--help`.
 */
export function rememberEnvironmentSecrets(registry: ProviderRegistry, env: Env): void {
  rememberWhenRedacting(() => {
    for (const provider of registry.all) {
      const values: Credentials = {};
      for (const f of provider.fields) {
        const value = fieldValue(env, f)?.trim();
        if (value) values[f.key] = value;
      }
      if (Object.keys(values).length > 0) rememberSecrets(provider, values);
      // A token exec exported (a command run inside `mkt exec --with-token`) is as secret.
      const token = provider.token && fieldValue(env, provider.token)?.trim();
      if (token) rememberSecret(token);
    }
  });
}

/**
 * Which set a command uses. A profile the user named (`--profile`, `MKT_PROFILE`) is always that
 * stored profile: the environment's set is never used in its place (a CI job's keys answering for
 * `-p shop2` is the wrong shop). With no profile named, a complete environment set wins over the
 * stored default (CI).
 */
export interface ProfileChoice {
  profile: string;
  named: boolean;
  /** Named by `mkt profile use` (the provider's chosen profile), not on this command line. */
  chosen?: boolean;
}

/** The default profile, not named: what a command uses when the user says nothing. */
export const UNNAMED: ProfileChoice = Object.freeze({ profile: DEFAULT_PROFILE, named: false });

/**
 * The profile a command uses for one provider: the one named (--profile, MKT_PROFILE), else the one
 * `mkt profile use` chose for it, else `default`, not named. A chosen profile counts as named: the
 * user chose that shop, and the environment's keys (another shop's, maybe) must not answer for it.
 */
export async function choiceFor(ctx: Context, providerId: string, choice: ProfileChoice): Promise<ProfileChoice> {
  if (choice.named) return choice;
  const chosen = (await ctx.config.defaults())[providerId];
  return chosen === undefined ? choice : { profile: chosen, named: true, chosen: true };
}

/**
 * A complete set from the provider's env vars wins when no profile is named (CI); otherwise the
 * stored set for the profile. A partial env set is an error: mixing sources silently would send the wrong key.
 */
export async function resolveCredentials(ctx: Context, provider: Provider, given: ProfileChoice): Promise<ResolvedCredentials> {
  const choice = await choiceFor(ctx, provider.id, given);
  const { profile } = choice;
  if (choice.chosen) return { ...(await resolveStored(ctx, provider, profile, choice)), chosen: true };
  if (choice.named) return resolveStored(ctx, provider, profile, choice);
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
  return resolveStored(ctx, provider, profile);
}

async function resolveStored(ctx: Context, provider: Provider, profile: string, choice?: ProfileChoice): Promise<ResolvedCredentials> {
  let entry = await ctx.config.get(provider.id, profile);
  // A login or logout that was interrupted between its two writes is finished or undone first.
  if (entry?.pending) entry = await settleProfile(ctx, provider.id, profile);
  if (!entry) {
    const stored = (await ctx.config.list()).filter((e) => e.provider === provider.id).map((e) => e.profile);
    throw noCredentials(provider, profile, ctx.env, choice, stored);
  }
  const store = await ctx.store(entry.store);
  if (provider.token) prefetchToken(store, provider.id, profile);
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

/** `stored`: the provider's other stored profiles, named in a hint (an agency's shops, none of them `default`). */
export function noCredentials(provider: Provider, profile: string, env: Env, choice?: ProfileChoice, stored: readonly string[] = []): NoCredentialsError {
  const login = `run \`mkt login ${provider.id}${profileFlag(profile)}\``;
  const message = `no credentials for ${provider.id} (profile ${profile}${choice?.chosen ? ', chosen with `mkt profile use`' : ''})`;
  const others = storedHint(provider, stored);
  if (envCredentials(provider, env).values === undefined) {
    // A named or chosen profile never reads the environment: setting it would not help.
    return new NoCredentialsError(message, [choice?.named || choice?.chosen ? login : `${login}, or set ${provider.fields.map((f) => f.env).join(' and ')}`, ...others]);
  }
  const { names, are, them } = envSetWords(provider);
  return new NoCredentialsError(message, [
    choice?.chosen
      ? `${login}; ${names} ${are} set, but a chosen profile never uses the environment: \`mkt profile use ${provider.id} default\` to use ${them}`
      : `${login}; ${names} ${are} set, but a named profile (--profile, MKT_PROFILE) never uses the environment: leave both out to use ${them}`,
    ...others,
  ]);
}

function storedHint(provider: Provider, stored: readonly string[]): string[] {
  if (stored.length === 0) return [];
  const shown = stored.slice(0, 5).join(', ') + (stored.length > 5 ? ` and ${stored.length - 5} more` : '');
  return [`stored for ${provider.id}: ${shown}; name one with --profile, or choose one with \`mkt profile use ${provider.id} <profile>\``];
}

const envNames = (provider: Provider): string => provider.fields.map((f) => f.env).join(', ');

/** The provider's variables as a sentence names them: `OZON_CLIENT_ID, OZON_API_KEY` + are/them, or one + is/it. */
export function envSetWords(provider: Provider): { names: string; are: string; them: string } {
  const one = provider.fields.length === 1;
  return { names: envNames(provider), are: one ? 'is' : 'are', them: one ? 'it' : 'them' };
}

/**
 * Where a resolved set came from, as every command says it: `profile shop2, keychain`, `profile
 * shop2, keychain, chosen by mkt profile use` or `env OZON_CLIENT_ID, OZON_API_KEY`.
 */
export function describeSource(provider: Provider, resolved: Pick<ResolvedCredentials, 'profile' | 'source' | 'chosen'>): string {
  if (resolved.source === 'env') return `env ${envNames(provider)}`;
  return `profile ${resolved.profile}, ${resolved.source}${resolved.chosen ? ', chosen by mkt profile use' : ''}`;
}

export const profileFlag = (profile: string): string => (profile === DEFAULT_PROFILE ? '' : ` --profile ${profile}`);
