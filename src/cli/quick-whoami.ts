import { envValue } from '../core/env-vars.js';
import { plainArgs } from './plain-args.js';

/** What `mkt whoami …` asked, when the arguments are plain enough to need no parser. */
export interface QuickWhoami {
  provider?: string;
  json: boolean;
  profile?: string;
  baseUrl?: string;
}

/**
 * `whoami [PROVIDER] [--json] [-p NAME | --profile NAME | --profile=NAME] [--base-url URL | --base-url=URL]`
 * (src/cli/plain-args.ts); MKT_PROFILE as commander reads it (the option wins over it; an empty one is
 * commander's to refuse). Anything else: undefined, and the full program answers.
 */
export function quickWhoamiArgs(argv: readonly string[], env: Record<string, string | undefined>): QuickWhoami | undefined {
  const fromEnv = envValue(env, 'MKT_PROFILE');
  if (argv[0] !== 'whoami' || fromEnv === '') return undefined;
  const args = plainArgs(argv.slice(1), { operands: 1, switches: ['--json'], valued: { profile: ['-p', '--profile'], baseUrl: ['--base-url'] } });
  if (!args) return undefined;
  const [provider] = args.operands;
  const profile = args.values.profile ?? fromEnv;
  return {
    json: args.switches.has('--json'),
    ...(provider !== undefined ? { provider } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(args.values.baseUrl !== undefined ? { baseUrl: args.values.baseUrl } : {}),
  };
}
