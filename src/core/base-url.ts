import type { Env, Provider } from './types.js';
import { UsageError } from './errors.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export const isLoopback = (url: URL): boolean => LOOPBACK.test(url.hostname);

/** flag > provider env var > saved with the profile > the provider's default. */
export function resolveBaseUrl(provider: Provider, env: Env, flag?: string, saved?: string): URL {
  const raw = flag ?? env[provider.baseUrlEnv] ?? saved ?? provider.baseUrl;
  const source = flag ? '--base-url' : env[provider.baseUrlEnv] ? provider.baseUrlEnv : 'base URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source} '${raw}' is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new UsageError(`${source} ${url.origin} must use https (plain http is allowed only to loopback addresses)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(`${source} must not carry user info, a query or a fragment`);
  }
  return url;
}

/**
 * The full URL for a path relative to the base. An absolute URL is accepted only on the base's
 * origin: credentials never go anywhere else.
 */
export function joinUrl(base: URL, path: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    const target = new URL(path, base);
    if (target.origin !== base.origin) {
      throw new UsageError(`refusing to send credentials to ${target.origin}: not the provider's origin ${base.origin}`);
    }
    return target;
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const rel = path.startsWith('/') ? path : `/${path}`;
  return new URL(prefix + rel, base.origin);
}
