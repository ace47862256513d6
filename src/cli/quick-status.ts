import { plainArgs } from './plain-args.js';

/** What `mkt status …` asked, when the arguments are plain enough to need no parser. */
export interface QuickStatus {
  json: boolean;
  profile?: string;
}

/**
 * `status [--json] [-p NAME | --profile NAME | --profile=NAME]` (src/cli/plain-args.ts), and no
 * MKT_PROFILE (commander's rules for it stay the full program's). Anything else: undefined.
 */
export function quickStatusArgs(argv: readonly string[], env: Record<string, string | undefined>): QuickStatus | undefined {
  if (argv[0] !== 'status' || 'MKT_PROFILE' in env) return undefined;
  const args = plainArgs(argv.slice(1), { operands: 0, switches: ['--json'], valued: { profile: ['-p', '--profile'] } });
  if (!args) return undefined;
  const { profile } = args.values;
  return { json: args.switches.has('--json'), ...(profile !== undefined ? { profile } : {}) };
}
