import type { Context } from '../core/types.js';
import type { CoreEvent } from '../core/events.js';
import { redirectError, type SentResponse } from '../core/redirect.js';
import type { PreparedCall } from '../core/call.js';
import { ExitCode } from '../core/exit-codes.js';
import { NetworkError, ProviderHttpError } from '../core/errors.js';
import { describeSource } from '../core/credentials.js';
import { send } from '../core/send.js';
import { httpError, readBody } from '../core/response.js';
import { paginate } from '../core/paginate.js';
import { toCurl } from '../core/curl.js';
import { selectLines, type Step } from '../core/filter.js';
import { readerGone, realStream, writeFailure } from './stdio.js';
import { secretValues } from '../core/redact.js';
import { canSpin, errorLine, waitLine } from './output.js';
import { noteEmptyFilter, printBody, requestText, responseHead } from './call-output.js';

export interface CallFlags {
  include?: boolean;
  verbose?: boolean;
  json?: boolean;
  raw?: boolean;
  paginate?: boolean;
  items?: boolean;
  maxPages?: number;
  rate?: number;
  timeout: number;
  retries: number;
  maxWait: number;
  dryRun?: boolean;
  curl?: boolean;
  filter?: string;
  filterSteps?: Step[];
}

/** Runs a prepared call as the flags ask and returns the exit code. */
export async function runCall(ctx: Context, call: PreparedCall, flags: CallFlags): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const bodyText = typeof call.body === 'string' ? call.body : undefined;
  if (flags.curl) {
    stdout.write(`${call.redact(toCurl(call.provider, call.resolved.values, { method: call.method, url: call.url, headers: call.headers, body: bodyText, bodyFile: call.bodyFile }))}\n`);
    if (call.resolved.source !== 'env') stderr.write(`mkt: note: ${curlSourceNote(call)}\n`);
    return ExitCode.ok;
  }
  if (flags.dryRun) {
    stdout.write(`${call.redact(`${credentialsLine(call)}\n${requestText(call)}`)}\n`);
    return ExitCode.ok;
  }
  const sendOpts = {
    timeoutMs: flags.timeout * 1000,
    retries: flags.retries,
    maxWaitMs: flags.maxWait * 1000,
    redact: call.redact,
    onEvent: (e: CoreEvent) => e.type === 'wait' && stderr.write(`mkt: ${waitLine(e.ms, e.reason)}\n`),
  };
  if (flags.verbose) stderr.write(`${call.redact(`${credentialsLine(call)}\n${requestText(call)}`)}\n\n`);
  try {
    if (flags.paginate) return await runPages(ctx, call, flags, sendOpts);
    const res = await send(ctx, call.provider, { ...sendOpts, method: call.method, url: call.url, headers: call.headers, body: call.body, reopenBody: call.reopenBody });
    return await finish(ctx, call, flags, res);
  } catch (err) {
    throw withSource(err, call);
  }
}

/** The curl command reads the secrets from the variables, which may hold another shop's keys than the stored set. */
function curlSourceNote(call: PreparedCall): string {
  const { provider, resolved } = call;
  const secrets = provider.fields.filter((f) => f.secret).map((f) => `$${f.env}`).join(', ');
  return `the command reads ${secrets} from the environment; to send profile ${resolved.profile}'s, run it as mkt exec ${provider.id} --profile ${resolved.profile} -- sh -c '…'`;
}

/** `# credentials: profile shop2, keychain`: which set a transcript (-v, --dry-run) was made with. */
const credentialsLine = (call: PreparedCall): string => `# credentials: ${describeSource(call.provider, call.resolved)}`;

/** A rejected set is named, so a user with several shops sees which keys were refused. */
function withSource<T>(err: T, call: PreparedCall): T {
  if (err instanceof ProviderHttpError && err.kind === 'auth') err.hints.unshift(`sent the credentials of ${describeSource(call.provider, call.resolved)}`);
  return err;
}

async function finish(ctx: Context, call: PreparedCall, flags: CallFlags, res: SentResponse): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const head = call.redact(responseHead(res));
  if (flags.verbose) stderr.write(`${head}\n`);
  if (flags.include) stdout.write(`${head}\n`);
  if (res.status >= 200 && res.status <= 299) {
    await printBody(ctx, res, {
      raw: flags.raw === true, json: flags.json === true, redact: call.redact, filter: flags.filterSteps,
      include: flags.include === true, what: `${call.provider.id}: ${call.method} ${call.url.pathname}`,
    });
    return ExitCode.ok;
  }
  // A huge error page is still an HTTP error (exit 7), not a network one: say so without its body.
  const raw = await readBody(res).catch((err: unknown) => {
    if (err instanceof NetworkError && err.reason === 'too large') return Buffer.from('(error body larger than 16 MB, not shown)');
    throw err;
  });
  if (flags.include || flags.verbose) stdout.write(`${call.redact(raw.toString('utf8'))}\n`);
  const err = withSource(res.refusedRedirect
    ? redirectError(call.provider, res, call.redact, secretValues(call.provider, call.resolved.values))
    : httpError(call.provider, call.method, call.url, res.status, raw, call.redact), call);
  if (res.notReplayed) err.hints.push(res.notReplayed);
  stderr.write(errorLine(err.message, err.hints));
  return err.exitCode;
}

async function runPages(ctx: Context, call: PreparedCall, flags: CallFlags, sendOpts: Parameters<typeof paginate>[2]): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const progress = canSpin(stderr) ? await progressSpinner(stderr) : undefined;
  let items = 0;
  let pages = 0;
  let firstPage: unknown[] | undefined;
  let printed = false;
  let unrecognised: string | undefined;
  try {
    for await (const page of paginate(ctx, call, { ...sendOpts, maxPages: flags.maxPages, rate: flags.rate })) {
      pages = page.number;
      items += page.items.length;
      unrecognised = page.unrecognised;
      const values = flags.items ? page.items : [page.json];
      firstPage ??= values;
      const text = flags.filterSteps ? selectLines(values, flags.filterSteps) : values.map((v) => `${JSON.stringify(v)}\n`).join('');
      printed ||= text !== '';
      if (text) await write(stdout, call.redact(text));
      // A reader that goes away (`| head`) ends the run quietly, as it does for a plain call; output
      // that cannot be written ends it too, and run() says so.
      if (readerGone(stdout) || writeFailure(stdout)) break;
      if (progress) progress.text = `pages ${pages}, items ${items}`;
    }
    if (writeFailure(stdout)) progress?.fail(`stopped after ${pages} pages, ${items} items: the output cannot be written`);
    else progress?.succeed(`pages ${pages}, items ${items}`);
    // Not a silent single page: the answer may have had more pages that mkt could not find.
    if (unrecognised) stderr.write(`mkt: note: ${call.redact(unrecognised)}\n`);
    if (flags.filterSteps && !printed && firstPage) noteEmptyFilter(stderr, firstPage, flags.filterSteps, call.redact, flags.items ? 'an item' : 'the first page');
  } catch (err) {
    progress?.fail(`stopped after ${pages} pages, ${items} items`);
    throw err;
  }
  return ExitCode.ok;
}

/** ora (~38 ms to load) only when a person is watching. */
async function progressSpinner(stream: NodeJS.WritableStream) {
  const { default: ora } = await import('ora');
  // No raw mode on the terminal: Ctrl-C must stay SIGINT (src/cli/spinner.ts).
  return ora({ text: 'first page', stream: realStream(stream) as NodeJS.WriteStream, discardStdin: false }).start();
}

/** Respects back-pressure so a long run piped into a slow reader does not pile up in memory. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    stream.once('drain', done).once('error', done).once('close', done);
  });
}
