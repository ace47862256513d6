import { applyFilter, formatPath, linesOf, selectLines, whyNothing, type Step } from '../../core/filter.js';
import { quote } from '../../core/quote.js';
import type { Redactor } from '../../core/redact.js';
import { readJson } from './body.js';
import type { AnswerRenderer } from './types.js';

/** --filter: what the path selects, one value per line; the answer must be JSON. */
export function filter(steps: Step[], items: boolean): AnswerRenderer {
  let first: unknown[] | undefined;
  let printed = false;
  const select = (values: unknown[]): unknown[] => {
    first ??= values;
    const selected = values.flatMap((v) => applyFilter(v, steps));
    printed ||= selected.length > 0;
    return selected;
  };
  return {
    async body(t, res) {
      const { json } = await readJson(t, res, true);
      if (json === undefined) return;
      const lines = selectLines([json], steps);
      t.ctx.io.stdout.write(t.call.redact(lines));
      if (!lines) noteEmptyFilter(t.ctx.io.stderr, [json], steps, t.call.redact);
    },
    page: (values) => linesOf(select(values)),
    select,
    afterPages(t) {
      if (!printed && first) noteEmptyFilter(t.ctx.io.stderr, first, steps, t.call.redact, items ? 'an item' : 'the first page');
    },
  };
}

/**
 * A path that selects nothing prints nothing, and exits 0 (a page with no items is not an error):
 * when a key is missing or a type is wrong, stderr says where, since that is most often a typo.
 */
function noteEmptyFilter(stderr: NodeJS.WritableStream, values: unknown[], steps: Step[], redact: Redactor, root?: string): void {
  const why = whyNothing(values, steps, root);
  if (why) stderr.write(`mkt: note: --filter ${quote(formatPath(steps))} selected nothing: ${redact(why)}\n`);
}
