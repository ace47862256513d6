import type { AnswerRenderer, PagingRenderer } from './types.js';

/**
 * --paginate --slurp: everything the run shows (pages, items, or what --filter selects) as one JSON
 * array, one value per line inside it. Written as the pages come, so a long run never sits in
 * memory; a run that fails part way leaves the array unclosed, so no reader takes it for complete.
 */
export function slurp(inner: AnswerRenderer): PagingRenderer {
  let opened = false;
  const select = inner.select ?? ((values: unknown[]) => values);
  return {
    body: (t, res) => inner.body(t, res),
    page(values) {
      const text = select(values).map((v, i) => `${opened || i > 0 ? ',' : '['}\n${JSON.stringify(v)}`).join('');
      opened ||= text !== '';
      return text;
    },
    end: () => (opened ? '\n]\n' : '[]\n'),
    afterPages: inner.afterPages?.bind(inner),
  };
}
