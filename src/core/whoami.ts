import type { Context, CredentialSource, Identity, Provider } from './types.js';
import { MktError, NoCredentialsError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { envCredentials, resolveCredentials, type ProfileChoice } from './credentials.js';
import { resolveBaseUrl } from './base-url.js';
import { verifyCredentials } from './verify.js';
import type { OnEvent } from './events.js';

export interface WhoamiTarget {
  provider: Provider;
  choice: ProfileChoice;
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
 * the environment, and every stored profile (a complete env set stands in for the default profile it
 * shadows). A named profile: the stored sets of that profile only, never the environment's.
 */
export async function whoamiTargets(ctx: Context, choice: ProfileChoice, provider?: Provider): Promise<WhoamiTarget[]> {
  if (provider) return [{ provider, choice }];
  const targets: WhoamiTarget[] = [];
  const shadowed = new Set<string>();
  if (!choice.named) {
    for (const p of ctx.providers.all) {
      if (envCredentials(p, ctx.env).present.length === 0) continue;
      targets.push({ provider: p, choice });
      shadowed.add(`${p.id}:${choice.profile}`);
    }
  }
  for (const entry of await ctx.config.list()) {
    const p = ctx.providers.find(entry.provider);
    if (!p || shadowed.has(`${p.id}:${entry.profile}`) || (choice.named && entry.profile !== choice.profile)) continue;
    targets.push({ provider: p, choice: { profile: entry.profile, named: true } });
  }
  if (targets.length === 0) throw nothingConfigured(ctx, choice);
  return targets;
}

function nothingConfigured(ctx: Context, choice: ProfileChoice): NoCredentialsError {
  const hints = ['run `mkt login <provider>`, or set the provider\'s environment variables (see `mkt providers`)'];
  if (!choice.named) return new NoCredentialsError('no credentials configured', hints);
  const inEnv = ctx.providers.all.filter((p) => envCredentials(p, ctx.env).present.length > 0).map((p) => p.id);
  if (inEnv.length) hints.push(`the environment has sets for ${inEnv.join(', ')}, but a named profile (--profile, MKT_PROFILE) never uses them`);
  return new NoCredentialsError(`no credentials stored for profile ${choice.profile}`, hints);
}

export async function whoamiOne(ctx: Context, target: WhoamiTarget, baseUrlFlag?: string, onEvent?: OnEvent): Promise<WhoamiResult> {
  const { provider, choice } = target;
  const { profile } = choice;
  let source: CredentialSource | undefined;
  try {
    const resolved = await resolveCredentials(ctx, provider, choice);
    source = resolved.source;
    const entry = source === 'env' ? undefined : await ctx.config.get(provider.id, profile);
    const base = resolveBaseUrl(provider, ctx.env, baseUrlFlag, entry?.baseUrl);
    const identity = await verifyCredentials(ctx, provider, resolved.values, base, onEvent);
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
