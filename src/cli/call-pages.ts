import { ExitCode } from '../core/exit-codes.js';
import { paginate, type PageOptions } from '../core/paginate.js';
import { readerGone, realStream, writeFailure } from './stdio.js';
import { canSpin } from './output.js';
import type { PagingRenderer, RenderTarget } from './renderers/types.js';

/** Writes a --paginate run page by page as the renderer shows it, with a progress spinner for a person watching. */
/** `items`: one item per line (--items) instead of one page per line. */
export async function runPages(t: RenderTarget, renderer: PagingRenderer, items: boolean, opts: PageOptions): Promise<number> {
  const { ctx, call } = t;
  const { stdout, stderr } = ctx.io;
  const progress = canSpin(stderr) ? await progressSpinner(stderr) : undefined;
  let itemCount = 0;
  let pages = 0;
  let unrecognised: string | undefined;
  try {
    for await (const page of paginate(ctx, call, opts)) {
      pages = page.number;
      itemCount += page.items.length;
      unrecognised = page.unrecognised;
      const text = renderer.page(items ? page.items : [page.json]);
      if (text) await write(stdout, call.redact(text));
      // A reader that goes away (`| head`) ends the run quietly, as it does for a plain call; output
      // that cannot be written ends it too, and run() says so.
      if (readerGone(stdout) || writeFailure(stdout)) break;
      if (progress) progress.text = `pages ${pages}, items ${itemCount}`;
    }
    const end = renderer.end?.();
    if (end && !readerGone(stdout) && !writeFailure(stdout)) await write(stdout, end);
    if (writeFailure(stdout)) progress?.fail(`stopped after ${pages} pages, ${itemCount} items: the output cannot be written`);
    else progress?.succeed(`pages ${pages}, items ${itemCount}`);
    // Not a silent single page: the answer may have had more pages that mkt could not find.
    if (unrecognised) stderr.write(`mkt: note: ${call.redact(unrecognised)}\n`);
    renderer.afterPages?.(t);
  } catch (err) {
    progress?.fail(`stopped after ${pages} pages, ${itemCount} items`);
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
