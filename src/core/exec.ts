/** `mkt exec`: the environment a program runs with — providers' credential sets and an env-file template's references. */
import type { Context, Provider, ResolvedCredentials } from './types.js';
import { UsageError } from './errors.js';
import { resolveCredentials, type ProfileChoice } from './credentials.js';
import { resolveBaseUrl, shownBaseUrl } from './base-url.js';
import { credentialEnv } from './headers.js';
import { envValue } from './env-vars.js';
import { readEnvTemplate } from './env-file.js';
import { tokenSession } from './token-session.js';

export interface ExecInput {
  providers: Provider[];
  choice: ProfileChoice;
  baseUrlFlag?: string;
  envFile?: { name: string; text: string };
  /** `--with-token`: also the current access token of each provider whose requests carry one. */
  withToken?: boolean;
}

export interface ExecEnvironment {
  /** Set over the inherited environment: each provider's variables and base URL, then the env-file's, then MKT_EXEC. */
  vars: Record<string, string>;
  sets: Array<{ provider: Provider; resolved: ResolvedCredentials }>;
  /** The providers whose values the program gets, by id: MKT_EXEC's value. */
  providers: string[];
  /** Env-file lines whose value reads as a key and is no reference. */
  plain: string[];
}

/**
 * Everything is resolved before anything runs: one set that is missing stops the command (exit 3)
 * before a program starts with half its keys. Inside another `mkt exec` (MKT_EXEC is set) it is
 * refused: the inner one would hand over the outer one's variables as the environment's set.
 */
export async function execEnvironment(ctx: Context, input: ExecInput): Promise<ExecEnvironment> {
  if (envValue(ctx.env, 'MKT_EXEC') !== undefined) {
    throw new UsageError('already inside mkt exec (MKT_EXEC is set): leave that program or shell first', ['or unset MKT_EXEC to run one inside the other']);
  }
  if (input.providers.length === 0 && !input.envFile) throw new UsageError('name a provider, or an --env-file of mkt:// references, before --');
  if (input.baseUrlFlag !== undefined && input.providers.length !== 1) throw new UsageError('--base-url needs exactly one provider: a base URL belongs to one provider');
  const providers = [...new Map(input.providers.map((p) => [p.id, p])).values()];
  if (input.withToken && !providers.some((p) => p.token)) throw noAccessToken(providers);
  const sets = await Promise.all(providers.map(async (provider) => ({ provider, resolved: await resolveCredentials(ctx, provider, input.choice) })));
  const vars: Record<string, string> = {};
  for (const { provider, resolved } of sets) {
    const entry = resolved.source === 'env' ? undefined : await ctx.config.get(provider.id, resolved.profile);
    const base = resolveBaseUrl(provider, ctx.env, input.baseUrlFlag, entry?.baseUrl);
    // A provider split over several hosts has no one base URL to hand on, unless one was set.
    const defaultHosts = provider.hosts !== undefined && base.href === new URL(provider.baseUrl).href;
    Object.assign(vars, Object.fromEntries(credentialEnv(provider, resolved.values)), defaultHosts ? {} : { [provider.baseUrlEnv]: shownBaseUrl(base) });
    const token = input.withToken ? await tokenSession(ctx, provider, resolved, base)?.token() : undefined;
    if (token !== undefined && provider.token) vars[provider.token.env] = token;
  }
  const template = input.envFile ? await readEnvTemplate(ctx, input.envFile.name, input.envFile.text) : undefined;
  Object.assign(vars, template?.vars);
  const ids = [...new Set([...providers.map((p) => p.id), ...(template?.providers ?? [])])];
  return { vars: { ...vars, MKT_EXEC: ids.join(',') }, sets, providers: ids, plain: template?.plain ?? [] };
}

function noAccessToken(providers: Provider[]): UsageError {
  const anyway = 'its requests carry the credentials themselves, which exec exports anyway';
  if (providers.length === 1) return new UsageError(`${providers[0]!.id} has no access token: ${anyway}`);
  return new UsageError(`none of ${providers.map((p) => p.id).join(', ') || 'the providers'} has an access token: --with-token needs a provider whose requests carry one`);
}
