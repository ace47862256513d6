import { envValue } from '../core/env-vars.js';

/** What `mkt whoami …` asked, when the arguments are plain enough to need no parser. */
export interface QuickWhoami {
  provider?: string;
  json: boolean;
  profile?: string;
  baseUrl?: string;
}

const VALUED = { profile: ['-p', '--profile'], baseUrl: ['--base-url'] } as const;

/**
 * `whoami [PROVIDER] [--json] [-p NAME | --profile NAME | --profile=NAME] [--base-url URL | --base-url=URL]`,
 * each at most once, in any order; MKT_PROFILE as commander reads it (the option wins over it; an
 * empty one is commander's to refuse). Anything else (help, `--`, an unknown option, a value that
 * looks like an option): undefined, and the full program answers as commander does.
 */
export function quickWhoamiArgs(argv: readonly string[], env: Record<string, string | undefined>): QuickWhoami | undefined {
  const fromEnv = envValue(env, 'MKT_PROFILE');
  if (argv[0] !== 'whoami' || fromEnv === '') return undefined;
  const out: QuickWhoami = { json: false };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') {
      if (out.json) return undefined;
      out.json = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      if (out.provider !== undefined) return undefined;
      out.provider = arg;
      continue;
    }
    const key = (Object.keys(VALUED) as Array<keyof typeof VALUED>).find((k) => VALUED[k].some((flag) => arg === flag || (flag.startsWith('--') && arg.startsWith(`${flag}=`))));
    if (key === undefined || out[key] !== undefined) return undefined;
    const inline = arg.indexOf('=');
    const value = inline >= 0 ? arg.slice(inline + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    out[key] = value;
  }
  if (out.profile === undefined && fromEnv !== undefined) out.profile = fromEnv;
  return out;
}
