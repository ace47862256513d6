import type { HttpResponse } from './types.js';
import { NetworkError } from './errors.js';

/** Reads a whole body, up to `limit` bytes (error bodies and identity answers are small). */
export async function readBody(res: HttpResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > limit) {
        res.body.destroy();
        throw new NetworkError(`response body larger than ${Math.round(limit / 1048576)} MB; use --raw to stream it`, 'too large');
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    throw bodyBroke(err);
  }
  return Buffer.concat(chunks);
}

/** The error code an HttpClient gives a body that stopped coming (no data within the time limit). */
export const BODY_STALLED = 'MKT_BODY_STALLED';

/** Stalls by code: the client's own (BODY_STALLED). */
const STALLED = new Set([BODY_STALLED]);

/** A body that did not arrive whole: it stalled (no data within --timeout), or the connection broke. */
export function bodyBroke(err: unknown): NetworkError {
  const why = describeNetworkError(err);
  const stalled = STALLED.has((err as NodeJS.ErrnoException)?.code ?? '');
  return new NetworkError(stalled ? `the response stalled: ${why}` : `the connection broke while reading the response (${why})`, 'body');
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function drain(res: HttpResponse): Promise<void> {
  try {
    for await (const _ of res.body);
  } catch {
    // a broken body after a decision was made on the status line does not matter
  }
}

/** A one-line reason for a failed connection: DNS, refused, reset, TLS, timeout. */
export function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  switch (code) {
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'DNS lookup failed';
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': case 'EPIPE': return 'connection reset';
    case 'ETIMEDOUT':
      return e.message?.startsWith('no answer') ? e.message : 'timed out';
    case BODY_STALLED: return e.message;
    case 'ERR_STREAM_PREMATURE_CLOSE': return 'response cut short';
    case 'ABORT_ERR': return 'aborted';
    default:
      if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return `TLS error (${code})`;
      // llhttp's codes: something answered on the port, but not in HTTP (a wrong port, an https one).
      if (typeof code === 'string' && code.startsWith('HPE_')) return `the answer is not HTTP (${code})`;
      return code ? String(code) : (e?.message ?? String(err)).split('\n')[0]!;
  }
}
