import type { Context, Env, Provider, ResolvedCredentials } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { baseUrlValue } from './env-vars.js';
import { baseUrlProblem } from '../providers/base-url-rule.js';

export { isLoopback } from '../providers/base-url-rule.js';

/** flag > provider env var > saved with the profile > the provider's default. */
export function resolveBaseUrl(provider: Provider, env: Env, flag?: string, saved?: string): URL {
  const raw = flag ?? baseUrlValue(env, provider) ?? saved ?? provider.baseUrl;
  const source = flag ? '--base-url' : baseUrlValue(env, provider) ? provider.baseUrlEnv : 'base URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // A value with no dot and no slash is no attempt at a URL, more likely a key in the wrong
    // variable (OZON_API_URL and OZON_API_KEY swapped): say how long it is, not what it is.
    const shown = /[./]/.test(raw) ? quote(raw) : `(${raw.length} characters, not shown in case it is a key)`;
    throw new UsageError(`${source} ${shown} is not a URL`);
  }
  const problem = baseUrlProblem(url);
  if (problem) throw new UsageError(`${source} ${problem}`);
  return url;
}

/** The base URL a resolved set is sent to: a stored profile's own (saved at login) unless the flag or variable says otherwise. */
export async function baseUrlOf(ctx: Context, provider: Provider, resolved: Pick<ResolvedCredentials, 'profile' | 'source'>, flag?: string): Promise<URL> {
  const entry = resolved.source === 'env' ? undefined : await ctx.config.get(provider.id, resolved.profile);
  return resolveBaseUrl(provider, ctx.env, flag, entry?.baseUrl);
}

/**
 * The full URL for a path relative to the base. An absolute URL is accepted only on the base's
 * origin: credentials never go anywhere else.
 */
export function joinUrl(base: URL, path: string): URL {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path);
  const prefix = base.pathname.replace(/\/+$/, '');
  // A relative path is appended as text, then the result's origin is checked: the URL parser reads
  // `/\host`, `\\host` or `/<TAB>/host` as another host, so checking the input alone is not enough.
  const target = absolute ? new URL(path) : new URL(prefix + (path.startsWith('/') ? path : `/${path}`), base.origin);
  if (target.origin !== base.origin) {
    throw new UsageError(`refusing to send credentials to ${target.origin}: not the provider's origin ${base.origin}`);
  }
  return target;
}
