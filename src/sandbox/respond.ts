import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A response before it is written, so faults can replace or mangle it. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  contentType?: string;
  body: string;
}

/** What a provider handler sees: the path is relative to its base URL. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
  now: number;
  /** Runs once the response has been sent or the connection dropped. */
  onClose(fn: () => void): void;
}

export interface ProviderSandbox {
  handle(req: SandboxRequest): Reply;
  /** A body in the provider's own error shape, for an injected status. */
  errorReply(status: number): Reply;
  /** Forget rate-limit state. */
  reset(): void;
  /** Answers with `Connection: close` and closes every connection after one answer (no keep-alive). */
  closesConnections?: boolean;
}

/**
 * One provider's fake, as the sandbox registry (fakes.ts) lists it. `O` is the part of the sandbox's
 * options it reads (all optional, with production-like defaults); `credentials` are the sets it knows,
 * `valid` among them, keyed by the provider's field keys.
 */
export interface Fake<Id extends string = string, O = object> {
  id: Id;
  /** What the sandbox's own description calls it: `Ozon`. */
  title: string;
  /** The variable that points the provider's client at it (the provider's baseUrlEnv). */
  baseUrlEnv: string;
  /** Added to `<sandbox>/<id>` in the base URL it is given (`/{host}` for a provider with one host per part of its API). */
  basePath?: string;
  credentials: { valid: Readonly<Record<string, string>> } & Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The n-th generated account (sandbox/agency.ts), for runs over hundreds of sellers; none when the fake offers none. */
  agency?(n: number): Readonly<Record<string, string>>;
  create(opts: O): ProviderSandbox;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, headers, contentType: JSON_TYPE, body: JSON.stringify(value) };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(`request body over ${limitBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON request body; an empty body is `{}` (Ozon accepts that for no-argument methods). */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = body.toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `invalid JSON in request body: ${(err as Error).message}` };
  }
}

export function headersOf(reply: Reply, contentLength: number): Record<string, string | number> {
  return {
    ...(reply.contentType ? { 'content-type': reply.contentType } : {}),
    ...reply.headers,
    'content-length': contentLength,
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, headersOf(reply, body.length));
  res.end(body);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
