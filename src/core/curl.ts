import type { Credentials, Provider } from './types.js';
import { shellQuote } from './headers.js';

/** Double-quoted shell text in which `$VAR` expands and nothing else does. */
const dq = (s: string): string => s.replace(/[\\"`$]/g, (c) => `\\${c}`);

/**
 * An equivalent curl command that reads every secret from the provider's env vars, so it can be
 * pasted into a script or a ticket without leaking a key.
 */
export function toCurl(provider: Provider, creds: Credentials, req: { method: string; url: URL; headers: Record<string, string>; body?: string; bodyFile?: string }): string {
  const auth = provider.authorize(creds);
  const secrets = provider.fields.filter((f) => f.secret && creds[f.key]);
  const parts = ['curl', '-sS', '-X', req.method, shellQuote(req.url.href)];
  for (const [name, value] of Object.entries(req.headers)) {
    const template = auth[name] !== undefined ? provider.shellAuth?.[name] : undefined;
    if (template !== undefined) {
      parts.push('-H', `"${dq(`${name}: `)}${template}"`);
      continue;
    }
    const hasSecret = secrets.some((f) => value.includes(creds[f.key]!));
    if (!hasSecret) {
      parts.push('-H', shellQuote(`${name}: ${value}`));
      continue;
    }
    let text = dq(`${name}: ${value}`);
    for (const f of secrets) text = text.split(dq(creds[f.key]!)).join(`$${f.env}`);
    parts.push('-H', `"${text}"`);
  }
  if (req.body !== undefined) parts.push('--data-raw', shellQuote(req.body));
  else if (req.bodyFile !== undefined) {
    parts.push('--data-binary', shellQuote(`@${req.bodyFile}`));
    // mkt sends a streamed body with no Content-Type unless given one; curl would add a form type.
    if (!Object.keys(req.headers).some((h) => h.toLowerCase() === 'content-type')) parts.push('-H', "'Content-Type:'");
  }
  return parts.join(' ');
}
