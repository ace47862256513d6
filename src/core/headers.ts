import type { Credentials, Provider } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';

export const HEADER_FORMATS = ['http', 'json', 'curl', 'env'] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];

/** POSIX shell single-quoting: safe for any value. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The auth headers (or, for `env`, the credential variables) in a form another tool reads; `accessToken` for a provider with a token grant. */
export function formatHeaders(provider: Provider, creds: Credentials, format: string, accessToken?: string): string {
  const headers = provider.authorize(creds, accessToken);
  switch (format) {
    case 'http':
      return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    case 'json':
      return JSON.stringify(headers, null, 2);
    case 'curl':
      return Object.entries(headers).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`).join(' ');
    case 'env':
      return credentialEnv(provider, creds).map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('\n');
    default:
      throw new UsageError(`unknown format ${quote(format)} (use ${HEADER_FORMATS.join(', ')})`);
  }
}

/** The provider's own variable names for a set, as SDKs and scripts read them. */
export function credentialEnv(provider: Provider, creds: Credentials): Array<[string, string]> {
  return provider.fields.map((f) => [f.env, creds[f.key] ?? '']);
}
