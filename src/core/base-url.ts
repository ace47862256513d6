import type { Context, Credentials, Env, Provider, ResolvedCredentials } from './types.js';
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

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** `{host}` in an override's path, as the URL parser keeps it: replaced by each host's name. */
const HOST_SLOT = /%7Bhost%7D/i;

/**
 * Where a request goes. Most providers have one origin (joinUrl). One split over several hosts
 * (`provider.hosts`) sends each path to its own host, and takes an absolute URL on any of them. An
 * override of its base URL stands for every host at once, `{host}` in it naming each one (the
 * sandbox's `…/wb/{host}`): credentials still go to no other origin.
 */
export function requestUrl(provider: Provider, base: URL, path: string, creds: Credentials, host?: string): URL {
  const { hosts } = provider;
  if (!hosts) return joinUrl(base, path);
  const overridden = base.href !== new URL(provider.baseUrl).href;
  const absolute = ABSOLUTE.test(path) ? parsed(path) : undefined;
  // Not one of the provider's hosts: joinUrl refuses it, unless it is on the override's own origin.
  if (absolute && !hosts.origins.includes(absolute.origin)) return joinUrl(base, path);
  if (absolute && !overridden) return absolute;
  const rest = absolute ? absolute.pathname + absolute.search : path;
  if (overridden && !HOST_SLOT.test(base.pathname)) return joinUrl(base, rest);
  const origin = absolute ? absolute.origin : hostOrigin(provider, rest, creds, host);
  if (!overridden) return joinUrl(new URL(origin), rest);
  return joinUrl(new URL(base.href.split(HOST_SLOT).join(new URL(origin).hostname.split('.')[0])), rest);
}

/** A base URL as a person writes it, to keep or hand on: no trailing slash, `{host}` as typed. */
export const shownBaseUrl = (url: URL): string => url.href.replace(/\/$/, '').split(HOST_SLOT).join('{host}');

function parsed(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UsageError(`${quote(url, 80)} is not a valid URL`);
  }
}

function hostOrigin(provider: Provider, path: string, creds: Credentials, host?: string): string {
  const hosts = provider.hosts!;
  const key = host ?? hosts.of(path);
  if (key === undefined) {
    throw new UsageError(`${provider.id}: no ${provider.title} host is known for ${quote(path.split(/[?#]/)[0] ?? path, 80)}`, [
      `give the full URL on one of its hosts (${hosts.origins[0]}/…), or a --base-url`,
    ]);
  }
  return hosts.origin(key, creds);
}

/**
 * The full URL for a path relative to the base. An absolute URL is accepted only on the base's
 * origin: credentials never go anywhere else.
 */
export function joinUrl(base: URL, path: string): URL {
  const absolute = ABSOLUTE.test(path);
  const prefix = base.pathname.replace(/\/+$/, '');
  // A relative path is appended as text, then the result's origin is checked: the URL parser reads
  // `/\host`, `\\host` or `/<TAB>/host` as another host, so checking the input alone is not enough.
  const target = absolute ? new URL(path) : new URL(prefix + (path.startsWith('/') ? path : `/${path}`), base.origin);
  if (target.origin !== base.origin) {
    throw new UsageError(`refusing to send credentials to ${target.origin}: not the provider's origin ${base.origin}`);
  }
  return target;
}
