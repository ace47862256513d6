/**
 * Who is calling the wb fake, or the 401 WB answers instead. WB's own texts are known for a
 * malformed token only (its 401 example: "token problem; token is malformed: …"); the others are the
 * sandbox's wording, in the same shape (docs/sandbox.md).
 */
import { timingSafeEqual } from 'node:crypto';
import { header, json, type Reply, type SandboxRequest } from './respond.js';
import { signature } from './wb-credentials.js';

export interface WbCaller {
  token: string;
  claims: { exp: number; s: number; t: boolean; acc?: number; sid?: string };
}

/** A host of the fake: the token category it checks (none: any token), and whether it is a `-sandbox` twin. */
export interface WbHost {
  bit?: number;
  sandbox: boolean;
}

const bitSet = (mask: number, bit: number): boolean => Math.floor(mask / 2 ** bit) % 2 === 1;

export function wbError(status: number, title: string, detail: string, headers?: Record<string, string>): Reply {
  const statusText: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found', 429: 'Too Many Requests' };
  return json(status, {
    title, detail, code: `sandbox-${status}`, requestId: 'sandbox', origin: 'mkt-sandbox-wb', status, statusText: statusText[status] ?? 'Error',
    timestamp: new Date().toISOString().slice(0, 19) + 'Z',
  }, headers);
}

const unauthorized = (detail: string): Reply => wbError(401, 'unauthorized', detail);

function claimsOf(token: string): WbCaller['claims'] | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'token problem; token is malformed: token contains an invalid number of segments';
  const expected = Buffer.from(signature(`${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'token problem; token signature is invalid';
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as WbCaller['claims'];
  } catch {
    return 'token problem; token is malformed: could not JSON decode the claims';
  }
}

/** The caller, or WB's 401: no token, a forged or expired one, a test token on a real host (or the reverse), a category or a write the token lacks. */
export function authenticate(req: SandboxRequest, host: WbHost, writes: boolean): WbCaller | Reply {
  const raw = header(req.headers, 'authorization')?.trim();
  if (!raw) return unauthorized('empty Authorization header');
  // Both `Authorization: <token>` (the specs) and `Bearer <token>` (WB's knowledge base) are taken.
  const token = raw.replace(/^Bearer\s+/i, '');
  const claims = claimsOf(token);
  if (typeof claims === 'string') return unauthorized(claims);
  if (claims.exp * 1000 <= req.now) return unauthorized('token problem; token is expired');
  if (claims.t === true && !host.sandbox) return unauthorized('a test token works only on the sandbox hosts (*-sandbox.wildberries.ru)');
  if (claims.t !== true && host.sandbox) return unauthorized('only a test token works on a sandbox host');
  if (host.bit !== undefined && !bitSet(claims.s, host.bit)) return unauthorized('token scope not allowed: the token has no access to this category');
  if (writes && bitSet(claims.s, 30)) return unauthorized('read-only token scope not allowed: the token can only read');
  return { token, claims };
}
