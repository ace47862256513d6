import type { Credentials, Provider } from './types.js';
import { shellQuote } from './headers.js';

/** Double-quoted shell text in which `$VAR` expands and nothing else does. */
const dq = (s: string): string => s.replace(/[\\"`$]/g, (c) => `\\${c}`);

interface SecretVar {
  value: string;
  env: string;
}

/** One shell word for `text`: each secret in it becomes "$VAR", the rest is single-quoted. */
function shellWord(text: string, secrets: SecretVar[]): string {
  const found = secrets.filter((s) => text.includes(s.value)).sort((a, b) => b.value.length - a.value.length);
  if (!found.length) return shellQuote(text);
  const pattern = new RegExp(found.map((s) => s.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let word = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) word += shellQuote(text.slice(last, m.index));
    word += `"$${found.find((s) => s.value === m[0])!.env}"`;
    last = m.index + m[0].length;
  }
  return last < text.length ? word + shellQuote(text.slice(last)) : word;
}

/**
 * An equivalent curl command that reads the secrets from the provider's env vars, so it can be
 * pasted into a script or a ticket without leaking a key: in headers, the URL and the body alike.
 * The caller still redacts it: a secret in a form no variable gives (Ozzie's derived token typed
 * into a body, a percent-encoded key) is then `***`.
 */
export function toCurl(provider: Provider, creds: Credentials, req: { method: string; url: URL; headers: Record<string, string>; body?: string; bodyFile?: string }): string {
  // A token is got only when a request is sent: the command reads it from the grant's variable (shellAuth).
  const auth = provider.authorize(creds, provider.token && `$${provider.token.env}`);
  const headers = provider.token ? { ...auth, ...req.headers } : req.headers;
  const secrets = provider.fields.filter((f) => f.secret && creds[f.key]).map((f) => ({ value: creds[f.key]!, env: f.env }));
  // In the URL "$VAR" is exact only for a secret the URL holds as it is; one that needed
  // percent-encoding (a Yandex token's ':') cannot be rebuilt in the shell, and is left to redaction.
  const inUrl = secrets.filter((s) => encodeURIComponent(s.value) === s.value);
  const parts = ['curl', '-sS', '-X', req.method, shellWord(req.url.href, inUrl)];
  for (const [name, value] of Object.entries(headers)) {
    const template = auth[name] !== undefined ? provider.shellAuth?.[name] : undefined;
    parts.push('-H', template !== undefined ? `"${dq(`${name}: `)}${template}"` : shellWord(`${name}: ${value}`, secrets));
  }
  if (req.body !== undefined) parts.push('--data-raw', shellWord(req.body, secrets));
  else if (req.bodyFile !== undefined) {
    parts.push('--data-binary', shellQuote(`@${req.bodyFile}`));
    // mkt sends a streamed body with no Content-Type unless given one; curl would add a form type.
    if (!Object.keys(req.headers).some((h) => h.toLowerCase() === 'content-type')) parts.push('-H', "'Content-Type:'");
  }
  return parts.join(' ');
}
