/** Which arguments a command's quick path takes without a parser: see plainArgs. */
export interface PlainSpec<V extends string> {
  /** How many operands (arguments that do not start with `-`). */
  operands: number;
  /** Options without a value (`--json`). */
  switches: readonly string[];
  /** Options with one (`-p NAME`, `--profile NAME`, `--profile=NAME`), by the name they are returned under. */
  valued: Readonly<Record<V, readonly string[]>>;
}

export interface PlainArgs<V extends string> {
  operands: string[];
  switches: Set<string>;
  values: Partial<Record<V, string>>;
}

/**
 * A command's arguments when they are plain enough to need no parser: up to `operands` operands and
 * each option of `spec` at most once, in any order, every value non-empty and not looking like an
 * option. Anything else (help, `--`, an unknown option, `-pNAME`): undefined, so the caller leaves
 * them to the full program, which answers as commander does.
 */
export function plainArgs<V extends string>(args: readonly string[], spec: PlainSpec<V>): PlainArgs<V> | undefined {
  const out: PlainArgs<V> = { operands: [], switches: new Set(), values: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      if (out.operands.length === spec.operands) return undefined;
      out.operands.push(arg);
      continue;
    }
    if (spec.switches.includes(arg)) {
      if (out.switches.has(arg)) return undefined;
      out.switches.add(arg);
      continue;
    }
    const key = (Object.keys(spec.valued) as V[]).find((k) => spec.valued[k].some((flag) => arg === flag || (flag.startsWith('--') && arg.startsWith(`${flag}=`))));
    if (key === undefined || out.values[key] !== undefined) return undefined;
    const inline = arg.indexOf('=');
    const value = inline >= 0 ? arg.slice(inline + 1) : args[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    out.values[key] = value;
  }
  return out;
}
