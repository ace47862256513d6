/** What the renderers of `mkt call` share: the request and response as text, and the body streamed as it came. */
import type { HttpResponse } from '../core/types.js';
import type { PreparedCall } from '../core/call.js';
import { REDACTED } from '../core/redact.js';
import { describeSource } from '../core/credentials.js';
import { STATUS_CODES } from 'node:http';
import { bodyBroke } from '../core/response.js';
import { readerGone, streamIfCreated, writeFailure } from './stdio.js';

/** What --dry-run and -v show of the request: which credential set, then the request itself. Not yet redacted. */
export function transcript(call: PreparedCall): string {
  return `# credentials: ${describeSource(call.provider, call.resolved)}\n${requestText(call)}`;
}

/**
 * The request as --dry-run and -v show it. The auth headers are masked by name too (all but one
 * that is a non-secret id, like Ozon's Client-Id): redaction by value skips secrets under 4 characters.
 */
function requestText(call: PreparedCall): string {
  const { provider, resolved } = call;
  // An access token is got when the request is sent: its header is shown, masked, where it will go.
  const auth = provider.authorize(resolved.values, provider.token && REDACTED);
  const headers = provider.token ? { ...auth, ...call.headers } : call.headers;
  const ids = new Set(provider.fields.filter((f) => !f.secret).map((f) => resolved.values[f.key]));
  const shown = (name: string, value: string) => (auth[name] === value && !ids.has(value) ? REDACTED : value);
  const head = [`${call.method} ${call.url.href}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${shown(k, v)}`)];
  const body = typeof call.body === 'string' ? `\n\n${call.body}` : call.body ? '\n\n(body streamed from --input)' : '';
  return head.join('\n') + body;
}

export function responseHead(res: HttpResponse): string {
  return [`HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd(), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].join('\n') + '\n';
}

/**
 * Streams the body as it is. A reader that goes away (`| head`) ends the output quietly, and output
 * that cannot be written (a full disk) stops the download, for run() to report; a body that breaks
 * off (reset, stall, truncation) is a network error, never an "internal error".
 */
export async function passThrough(res: HttpResponse, stdout: NodeJS.WritableStream): Promise<void> {
  try {
    await pump(res.body, stdout);
  } catch (err) {
    throw bodyBroke(err);
  }
}

/**
 * Each chunk written as it comes: through a lazyStdio it goes straight to the descriptor, with no
 * stream (and no pausing of the socket) in between: ~6 % more throughput than pipeline() on 500 MB
 * (9 interleaved runs, twice). Back-pressure and errors come from the real stream once there is one
 * (a full non-blocking pipe, a terminal); a reader that went away stops the download.
 */
function pump(body: NodeJS.ReadableStream & { destroy(error?: Error): void }, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let watched: NodeJS.WritableStream | undefined;
    let ended = false;
    const fail = (err: Error) => {
      body.destroy();
      reject(err);
    };
    // The output's own failures are not the body's: the lazyStdio keeps them (EPIPE: the reader left).
    const stop = () => {
      ended = true;
      body.destroy();
      resolve();
    };
    const watch = () => {
      const stream = streamIfCreated(out);
      if (stream && stream !== watched) (watched = stream).on('error', stop);
    };
    watch();
    body.on('data', (chunk: Buffer) => {
      const more = out.write(chunk);
      if (readerGone(out) || writeFailure(out)) {
        stop();
        return;
      }
      watch();
      if (!more && watched) {
        body.pause();
        watched.once('drain', () => body.resume());
      }
    });
    body.once('end', () => {
      ended = true;
      watched?.off('error', stop);
      resolve();
    });
    body.once('error', fail);
    body.once('close', () => {
      if (!ended) fail(Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}
