/** What `mkt status …` asked, when the arguments are plain enough to need no parser. */
export interface QuickStatus {
  json: boolean;
  profile?: string;
}

/**
 * `status [--json] [-p NAME | --profile NAME | --profile=NAME]`, each at most once, in any order, and
 * no MKT_PROFILE (commander's rules for it stay the full program's). Anything else: undefined.
 */
export function quickStatusArgs(argv: readonly string[], env: Record<string, string | undefined>): QuickStatus | undefined {
  if (argv[0] !== 'status' || 'MKT_PROFILE' in env) return undefined;
  const out: QuickStatus = { json: false };
  let seenJson = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json' && !seenJson) {
      seenJson = out.json = true;
      continue;
    }
    if (out.profile !== undefined) return undefined;
    if ((arg === '-p' || arg === '--profile') && i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.profile = argv[++i]!;
    else if (arg.startsWith('--profile=') && arg.length > '--profile='.length) out.profile = arg.slice('--profile='.length);
    else return undefined;
  }
  return out;
}
