import type { Context } from '../core/types.js';
import type { CoreEvent } from '../core/events.js';
import type { PreparedCall } from '../core/call.js';
import { ExitCode } from '../core/exit-codes.js';
import { sendCall, type CallOptions } from '../core/pipeline.js';
import { errorLine, waitLine } from './output.js';
import { responseHead, transcript } from './call-output.js';
import type { OutputChoice } from './renderers/choose.js';
import { pagesOf, rendererFor } from './renderers/index.js';
import { runPages } from './call-pages.js';
import { deprecationPhrase } from './api-output.js';

/** The flags of `mkt call` that are not output modes (./renderers/choose.ts): -v, and how to send. */
export interface SendFlags {
  verbose?: boolean;
  paginate?: boolean;
  maxPages?: number;
  rate?: number;
  timeout: number;
  retries: number;
  maxWait: number;
}

/**
 * Runs a prepared call (the build stage) through core's send → outcome, or its pages, and renders
 * what comes back in the chosen mode; returns the exit code. -v is a transcript on stderr beside any mode.
 */
export async function runCall(ctx: Context, call: PreparedCall, output: OutputChoice, flags: SendFlags): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const renderer = rendererFor(output);
  const target = { ctx, call };
  // A cached access token is looked up before anything is printed, so redaction knows it (a user
  // may have it from `headers` in a query or body). One exchanged later is new to the user too.
  await call.auth?.peek();
  const { operation } = call.known;
  if (operation?.deprecated) stderr.write(`mkt: warning: ${call.provider.id}: ${operation.method} ${operation.path} is deprecated: ${deprecationPhrase(operation)}\n`);
  if (renderer.offline) {
    renderer.request(target);
    return ExitCode.ok;
  }
  const opts: CallOptions = {
    timeoutMs: flags.timeout * 1000,
    retries: flags.retries,
    maxWaitMs: flags.maxWait * 1000,
    onEvent: (e: CoreEvent) => e.type === 'wait' && stderr.write(`mkt: ${waitLine(e.ms, e.reason)}\n`),
  };
  if (flags.verbose) stderr.write(`${call.redact(transcript(call))}\n\n`);
  if (flags.paginate) return runPages(target, pagesOf(renderer, output.mode), output.items, { ...opts, maxPages: flags.maxPages, rate: flags.rate });
  const result = await sendCall(ctx, call, opts);
  const head = call.redact(responseHead(result.response));
  if (flags.verbose) stderr.write(`${head}\n`);
  if (output.head) stdout.write(`${head}\n`);
  if (result.ok) {
    await renderer.body(target, result.response);
    return ExitCode.ok;
  }
  if (output.head || flags.verbose) stdout.write(`${call.redact(result.body.toString('utf8'))}\n`);
  stderr.write(errorLine(result.error.message, result.error.hints));
  return result.error.exitCode;
}
