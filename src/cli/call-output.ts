import type { Context, HttpResponse } from '../core/types.js';
import type { PreparedCall } from '../core/call.js';
import type { Redactor } from '../core/redact.js';
import { pipeline } from 'node:stream/promises';
import { STATUS_CODES } from 'node:http';
import { readBody, parseJson } from '../core/response.js';
import { paintFor, wantsColor } from './output.js';
import { colorJson } from './color-json.js';
import { applyFilter, formatSelected, type Step } from '../core/filter.js';

export function requestText(call: PreparedCall): string {
  const head = [`${call.method} ${call.url.href}`, ...Object.entries(call.headers).map(([k, v]) => `${k}: ${v}`)];
  const body = typeof call.body === 'string' ? `\n\n${call.body}` : call.body ? '\n\n(body streamed from --input)' : '';
  return head.join('\n') + body;
}

export function responseHead(res: HttpResponse): string {
  return [`HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd(), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].join('\n') + '\n';
}

/**
 * A body to stdout. Piped or --raw: streamed byte for byte (a 500 MB export never sits in memory).
 * On a terminal: JSON pretty-printed, coloured, secrets redacted.
 */
export async function printBody(ctx: Context, res: HttpResponse, opts: { raw: boolean; json: boolean; redact: Redactor; filter?: Step[] }): Promise<void> {
  const { stdout } = ctx.io;
  if (opts.raw || (!opts.json && !opts.filter && stdout.isTTY !== true)) {
    await pipeline(res.body, stdout as NodeJS.WritableStream, { end: false });
    return;
  }
  const raw = await readBody(res, 256 * 1024 * 1024);
  const json = parseJson(raw);
  if (opts.filter && json !== undefined) {
    stdout.write(opts.redact(formatSelected(applyFilter(json, opts.filter))));
    return;
  }
  if (json === undefined) {
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
