import { applyFilter, type Step } from '../../core/filter.js';
import { tableRows, type TableSpec } from '../../core/table.js';
import type { Provider } from '../../core/types.js';
import { readJson } from './body.js';
import type { AnswerRenderer } from './types.js';

/**
 * --output csv|tsv: a header row, then one row per item — of every page with --paginate, else of
 * the one answer — or per value --filter selects. An answer with no items is the header alone.
 */
export function table(spec: TableSpec, filter?: Step[]): AnswerRenderer {
  let headed = false;
  const rows = (values: unknown[]): string => {
    const text = tableRows(spec, filter ? values.flatMap((v) => applyFilter(v, filter)) : values, !headed);
    headed = true;
    return text;
  };
  return {
    async body(t, res) {
      const { json } = await readJson(t, res, true);
      t.ctx.io.stdout.write(t.call.redact(rows(json === undefined ? [] : filter ? [json] : itemsOf(t.call.provider, json))));
    },
    page: rows,
  };
}

/** The items --paginate --items would print; an array answer of a provider that does not page is its own items. */
function itemsOf(provider: Provider, json: unknown): unknown[] {
  if (provider.paginate) return provider.paginate.items(json);
  return Array.isArray(json) ? json : [json];
}
