/** `--output csv|tsv --fields a,b.c`: items as rows of a spreadsheet, one column per field path. */
import { UsageError } from './errors.js';
import { applyFilter, parseFilter, type Step } from './filter.js';
import { quote } from './quote.js';

export const TABLE_FORMATS = ['csv', 'tsv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface Column {
  /** The field as given: the header of its column. */
  name: string;
  steps: Step[];
}

export interface TableSpec {
  format: TableFormat;
  columns: Column[];
}

/** `offer_id,price.value,a["x,y"]`: split at the commas outside a quoted key, each part a --filter path. */
export function parseFields(list: string): Column[] {
  return splitOutsideQuotes(list).map((raw) => {
    const name = raw.trim();
    if (name === '') throw new UsageError(`--fields ${quote(list)}: an empty field; list the columns as a,b.c`);
    return { name, steps: parseFilter(name, '--fields') };
  });
}

function splitOutsideQuotes(list: string): string[] {
  const parts = [''];
  let quoted = false;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (quoted && c === '\\') {
      parts[parts.length - 1] += c + (list[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts;
}

/** The header row, then one row per value: strings as they are, numbers and booleans as JSON, null and a missing field empty, the rest compact JSON. */
export function tableRows(spec: TableSpec, rows: unknown[], header: boolean): string {
  const lines = rows.map((row) => spec.columns.map((c) => cellText(applyFilter(row, c.steps))));
  if (header) lines.unshift(spec.columns.map((c) => c.name));
  return lines.map((cells) => `${cells.map(spec.format === 'csv' ? csvCell : tsvCell).join(spec.format === 'csv' ? ',' : '\t')}\n`).join('');
}

/** A field that selects several values (`images[]`) is the JSON array of them. */
function cellText(selected: unknown[]): string {
  const value = selected.length > 1 ? selected : selected[0];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
const csvCell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** TSV has no quoting: a tab or line break in a cell is written as \t, \n, \r (and \ as \\), as PostgreSQL and Miller do. */
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const tsvCell = (text: string): string => text.replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c]!);
