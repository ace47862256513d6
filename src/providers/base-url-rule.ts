/** The rule every base URL keeps, built-in or from a user spec: credentials travel over https only. */

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export const isLoopback = (url: URL): boolean => LOOPBACK.test(url.hostname);

/** Why a URL cannot be a base URL, in words that follow its name (`--base-url ...`); undefined when it can be one. */
export function baseUrlProblem(url: URL): string | undefined {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    return `${url.origin} must use https (plain http is allowed only to loopback addresses)`;
  }
  if (url.username || url.password || url.search || url.hash) return 'must not carry user info, a query or a fragment';
  if (url.pathname.startsWith('//')) return 'has a path starting with //, which would name another host';
  return undefined;
}
