import { readBody } from '../../core/response.js';
import { jsonOf } from '../../core/outcome.js';
import { exchangeOf } from '../../core/pipeline.js';
import type { SentResponse } from '../../core/redirect.js';
import { colorJson } from '../color-json.js';
import { paintFor, wantsColor } from '../output.js';
import { passThrough } from '../call-output.js';
import type { AnswerRenderer, RenderTarget } from './types.js';

/** Read whole only where a person reads it or mkt walks it: -i, --json, --filter, a terminal. */
const WHOLE_BODY_LIMIT = 256 * 1024 * 1024;

const tty = (t: RenderTarget): boolean => t.ctx.io.stdout.isTTY === true;

/** --json, --filter and a terminal walk the value; --raw hands over what the provider sent. */
export async function readJson(t: RenderTarget, res: SentResponse, required: boolean): Promise<{ raw: Buffer; json: unknown }> {
  const raw = await readBody(res, WHOLE_BODY_LIMIT);
  const json = jsonOf(exchangeOf(t.call), res.status, raw, { required: required && raw.length > 0, hint: '--raw passes it through as it is' });
  return { raw, json };
}

/** The body as text, redacted, ending in a newline. */
function writeText({ ctx, call }: RenderTarget, raw: Buffer): void {
  ctx.io.stdout.write(call.redact(raw.toString('utf8')));
  if (raw.length && raw[raw.length - 1] !== 0x0a) ctx.io.stdout.write('\n');
}

/** JSON indented and coloured for a terminal; a body that is not JSON as text. */
async function writePretty(t: RenderTarget, res: SentResponse): Promise<void> {
  const { raw, json } = await readJson(t, res, false);
  if (json === undefined) return writeText(t, raw);
  const { stdout } = t.ctx.io;
  const text = t.call.redact(JSON.stringify(json, null, 2));
  stdout.write(`${wantsColor(stdout, t.ctx.env) ? colorJson(text, await paintFor(stdout, t.ctx.env)) : text}\n`);
}

/** One compact JSON value per line: a --paginate run's pages or items. */
const jsonLines = (values: unknown[]): string => values.map((v) => `${JSON.stringify(v)}\n`).join('');

/** --raw: byte for byte, streamed (a 500 MB export never sits in memory), never redacted or reformatted. */
export const raw: AnswerRenderer = {
  body: (t, res) => passThrough(res, t.ctx.io.stdout),
};

/** The default: pretty JSON on a terminal; piped, the body as it is, streamed. */
export const pretty: AnswerRenderer = {
  body: (t, res) => (tty(t) ? writePretty(t, res) : passThrough(res, t.ctx.io.stdout)),
  page: jsonLines,
};

/** -i alone: a transcript for a person, so the body is read whole and redacted even when piped. */
export const include: AnswerRenderer = {
  body: async (t, res) => (tty(t) ? writePretty(t, res) : writeText(t, await readBody(res, WHOLE_BODY_LIMIT))),
};

/** --json: compact JSON, one line; an answer that is not JSON is an error. */
export const json: AnswerRenderer = {
  async body(t, res) {
    const { json: value } = await readJson(t, res, true);
    if (value !== undefined) t.ctx.io.stdout.write(`${t.call.redact(JSON.stringify(value))}\n`);
  },
  page: jsonLines,
};
