import type { Context, HttpResponse } from '../core/types.js';
import type { PreparedCall } from '../core/call.js';
import { REDACTED, type Redactor } from '../core/redact.js';
import { STATUS_CODES } from 'node:http';
import { bodyBroke, readBody, parseJson } from '../core/response.js';
import { ProviderHttpError } from '../core/errors.js';
import { paintFor, wantsColor } from './output.js';
import { colorJson } from './color-json.js';
import { formatPath, selectLines, whyNothing, type Step } from '../core/filter.js';
import { quote } from '../core/quote.js';
import { nestedDeeperThan, TOO_DEEP } from '../core/json-depth.js';
import { readerGone, streamIfCreated, writeFailure } from './stdio.js';

/**
 * The request as --dry-run and -v show it. The auth headers are masked by name too (all but one
 * that is a non-secret id, like Ozon's Client-Id): redaction by value skips secrets under 4 characters.
 */
export function requestText(call: PreparedCall): string {
  const { provider, resolved } = call;
  const auth = provider.authorize(resolved.values);
  const ids = new Set(provider.fields.filter((f) => !f.secret).map((f) => resolved.values[f.key]));
  const shown = (name: string, value: string) => (auth[name] === value && !ids.has(value) ? REDACTED : value);
  const head = [`${call.method} ${call.url.href}`, ...Object.entries(call.headers).map(([k, v]) => `${k}: ${shown(k, v)}`)];
  const body = typeof call.body === 'string' ? `\n\n${call.body}` : call.body ? '\n\n(body streamed from --input)' : '';
  return head.join('\n') + body;
}

export function responseHead(res: HttpResponse): string {
  return [`HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd(), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].join('\n') + '\n';
}

/**
 * A body to stdout. Piped or --raw: streamed byte for byte (a 500 MB export never sits in memory).
 * On a terminal: JSON pretty-printed, coloured, secrets redacted. With -i (a transcript for a person)
 * or --json/--filter, the body is read whole and redacted; --json and --filter need JSON.
 */
export async function printBody(
  ctx: Context,
  res: HttpResponse,
  opts: { raw: boolean; json: boolean; redact: Redactor; filter?: Step[]; include?: boolean; what?: string },
): Promise<void> {
  const { stdout } = ctx.io;
  const tty = stdout.isTTY === true;
  if (opts.raw || (!opts.json && !opts.filter && !opts.include && !tty)) {
    await passThrough(res, stdout as NodeJS.WritableStream);
    return;
  }
  const raw = await readBody(res, 256 * 1024 * 1024);
  const json = parseJson(raw);
  if ((opts.json || opts.filter) && json === undefined && raw.length > 0) {
    throw new ProviderHttpError(opts.redact(`${opts.what ?? 'the response'} → ${res.status}, but the body is not JSON`), res.status, 'other');
  }
  // Everything below walks the value (JSON.stringify, the filter), except a copy of the text as it came.
  const walked = opts.json || opts.filter || tty;
  if (walked && json !== undefined && nestedDeeperThan(json)) {
    throw new ProviderHttpError(opts.redact(`${opts.what ?? 'the response'} → ${res.status}: the answer is ${TOO_DEEP}; --raw passes it through as it is`), res.status, 'other');
  }
  if (opts.filter && json !== undefined) {
    const lines = selectLines([json], opts.filter);
    stdout.write(opts.redact(lines));
    if (!lines) noteEmptyFilter(ctx.io.stderr, [json], opts.filter, opts.redact);
    return;
  }
  if (json === undefined || (!tty && !opts.json)) {
    stdout.write(opts.redact(raw.toString('utf8')));
    if (raw.length && raw[raw.length - 1] !== 0x0a) stdout.write('\n');
    return;
  }
  if (opts.json) {
    stdout.write(`${opts.redact(JSON.stringify(json))}\n`);
    return;
  }
  const text = opts.redact(JSON.stringify(json, null, 2));
  stdout.write(`${wantsColor(stdout, ctx.env) ? colorJson(text, await paintFor(stdout, ctx.env)) : text}\n`);
}

/**
 * A path that selects nothing prints nothing, and exits 0 (a page with no items is not an error):
 * when a key is missing or a type is wrong, stderr says where, since that is most often a typo.
 */
export function noteEmptyFilter(stderr: NodeJS.WritableStream, values: unknown[], steps: Step[], redact: Redactor, root?: string): void {
  const why = whyNothing(values, steps, root);
  if (why) stderr.write(`mkt: note: --filter ${quote(formatPath(steps))} selected nothing: ${redact(why)}\n`);
}

/**
 * Streams the body as it is. A reader that goes away (`| head`) ends the output quietly, and output
 * that cannot be written (a full disk) stops the download, for run() to report; a body that breaks
 * off (reset, stall, truncation) is a network error, never an "internal error".
 */
async function passThrough(res: HttpResponse, stdout: NodeJS.WritableStream): Promise<void> {
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
