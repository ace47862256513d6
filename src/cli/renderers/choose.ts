/**
 * Which renderer shows a `mkt call`, chosen once from the flags. Light on purpose: it runs before
 * the request is built (its usage errors come first), and the renderers load only when a call runs.
 */
import { UsageError } from '../../core/errors.js';
import { parseFilter, type Step } from '../../core/filter.js';
import { parseFields, type TableFormat, type TableSpec } from '../../core/table.js';

/** The output modes, one renderer each (src/cli/renderers/index.ts), in the order they win. */
export const MODES = ['curl', 'dry-run', 'raw', 'table', 'filter', 'json', 'include', 'pretty'] as const;
export type Mode = (typeof MODES)[number];

export interface OutputFlags {
  curl?: boolean;
  dryRun?: boolean;
  raw?: boolean;
  filter?: string;
  json?: boolean;
  include?: boolean;
  paginate?: boolean;
  items?: boolean;
  /** With --paginate: one JSON array of everything the run shows, instead of one value per line. */
  slurp?: boolean;
  output?: TableFormat;
  fields?: string;
}

export interface OutputChoice {
  mode: Mode;
  /** -i: the status line and headers on stdout first, with any mode that sends (--raw, --json, --filter too). */
  head: boolean;
  /** --items: a --paginate run shows one item per line instead of pages. */
  items: boolean;
  filter?: Step[];
  /** --output csv|tsv: the rows are the items (or what --filter selects), the columns --fields. */
  table?: TableSpec;
  slurp?: true;
}

/** Whether each mode's flag is given. `pretty` is the default: JSON for a person on a terminal, the body as it is when piped. */
const GIVEN: Record<Mode, (f: OutputFlags) => boolean> = {
  curl: (f) => f.curl === true,
  'dry-run': (f) => f.dryRun === true,
  raw: (f) => f.raw === true,
  table: (f) => f.output !== undefined,
  filter: (f) => f.filter !== undefined,
  json: (f) => f.json === true,
  include: (f) => f.include === true,
  pretty: () => true,
};

/** Flags that would be ignored together are refused, rather than one of them silently dropped. */
const CONFLICTS: Array<[(f: OutputFlags) => boolean | undefined, string]> = [
  [(f) => f.raw && f.json, '--raw and --json'],
  [(f) => f.raw && f.filter !== undefined, '--raw and --filter'],
  [(f) => f.paginate && f.raw, '--paginate and --raw'],
  [(f) => f.paginate && f.include, '--paginate and -i'],
  [(f) => f.dryRun && f.curl, '--dry-run and --curl'],
  [(f) => f.output && f.raw, '--output and --raw'],
  [(f) => f.output && f.json, '--output and --json'],
  [(f) => f.output && f.slurp, '--output and --slurp'],
];

export function chooseOutput(flags: OutputFlags): OutputChoice {
  const conflict = CONFLICTS.find(([both]) => both(flags));
  if (conflict) throw new UsageError(`${conflict[1]} cannot be used together`);
  const mode = MODES.find((m) => GIVEN[m](flags))!;
  const table = tableOf(flags);
  const filter = flags.filter !== undefined ? parseFilter(flags.filter) : undefined;
  // A table's rows are items, unless --filter picks them.
  const items = flags.items === true || (table !== undefined && filter === undefined);
  return { mode, head: flags.include === true, items, ...(filter ? { filter } : {}), ...(table ? { table } : {}), ...(flags.slurp ? { slurp: true as const } : {}) };
}

function tableOf(flags: OutputFlags): TableSpec | undefined {
  if (flags.output === undefined) {
    if (flags.fields !== undefined) throw new UsageError('--fields works only with --output csv or --output tsv');
    return undefined;
  }
  if (flags.fields === undefined) throw new UsageError(`--output ${flags.output} needs --fields, the columns: e.g. --fields offer_id,name,price.value`);
  return { format: flags.output, columns: parseFields(flags.fields) };
}
