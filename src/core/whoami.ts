import type { Context, CredentialSource, Identity, Provider } from './types.js';
import { MktError, NoCredentialsError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { envCredentials, resolveCredentials } from './credentials.js';
import { resolveBaseUrl } from './base-url.js';
import { verifyCredentials, type OnWait } from './verify.js';
import { providers } from '../providers/index.js';

export interface WhoamiTarget {
  provider: Provider;
  profile: string;
}

export interface WhoamiResult {
  provider: string;
  profile: string;
  source?: CredentialSource;
  ok: boolean;
  identity?: Identity;
  error?: { message: string; hints: string[]; exitCode: number };
}

/**
 * With a provider: that one set. Without: every configured set — each provider with credentials in
 * the environment, and every stored profile (a complete env set stands in for the profile it shadows);
 * `onlyProfile`: the stored sets of `profile` only (it was named with --profile or MKT_PROFILE).
 */
export async function whoamiTargets(ctx: Context, profile: string, provider?: Provider, onlyProfile = false): Promise<WhoamiTarget[]> {
  if (provider) return [{ provider, profile }];
  const targets: WhoamiTarget[] = [];
  const seen = new Set<string>();
  for (const p of providers) {
    if (envCredentials(p, ctx.env).present.length === 0) continue;
    targets.push({ provider: p, profile });
    seen.add(`${p.id}:${profile}`);
  }
  for (const entry of await ctx.config.list()) {
    const p = providers.find((x) => x.id === entry.provider);
    if (!p || seen.has(`${p.id}:${entry.profile}`) || (onlyProfile && entry.profile !== profile)) continue;
    targets.push({ provider: p, profile: entry.profile });
  }
  if (targets.length === 0) {
    const what = onlyProfile ? `no credentials configured for profile ${profile}` : 'no credentials configured';
    throw new NoCredentialsError(what, ['run `mkt login <provider>`, or set the provider\'s environment variables (see `mkt providers`)']);
  }
  return targets;
}

export async function whoamiOne(ctx: Context, target: WhoamiTarget, baseUrlFlag?: string, onWait?: OnWait): Promise<WhoamiResult> {
  const { provider, profile } = target;
  let source: CredentialSource | undefined;
  try {
    const resolved = await resolveCredentials(ctx, provider, profile);
    source = resolved.source;
    const entry = source === 'env' ? undefined : await ctx.config.get(provider.id, profile);
    const base = resolveBaseUrl(provider, ctx.env, baseUrlFlag, entry?.baseUrl);
    const identity = await verifyCredentials(ctx, provider, resolved.values, base, onWait);
    if (entry) await ctx.config.update(provider.id, profile, { verifiedAt: new Date(ctx.clock.now()).toISOString() }).catch(() => {});
    return { provider: provider.id, profile, source, ok: true, identity };
  } catch (err) {
    if (!(err instanceof MktError)) throw err;
    return { provider: provider.id, profile, source, ok: false, error: { message: err.message, hints: err.hints, exitCode: err.exitCode } };
  }
}

/** The exit code for a run: 0 when all passed, else the first failure's code. */
export function whoamiExitCode(results: WhoamiResult[]): number {
  return results.find((r) => !r.ok)?.error?.exitCode ?? ExitCode.ok;
}
