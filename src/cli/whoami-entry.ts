/**
 * `mkt whoami` in a bundle of its own (whoami.cjs, scripts/build.mjs): the check every CI step runs,
 * without commander and the other commands (a bundle a third the size, and ~8 ms less a run:
 * docs/performance.md). src/cli/main.ts sends only plain argument lists here (quickWhoamiArgs);
 * help, mistakes and anything unusual go through the full program, which says what commander says.
 */
import { ExitCode } from '../core/exit-codes.js';
import { checkProfileName } from '../core/validate.js';
import { DEFAULT_PROFILE } from '../core/credentials.js';
import { runFramed } from './run-frame.js';
import { whoamiCommand } from './commands/whoami.js';
import type { QuickWhoami } from './quick-whoami.js';

export function runWhoamiQuick(args: QuickWhoami): Promise<number> {
  return runFramed(async (ctx) => {
    const state = { exitCode: ExitCode.ok as number };
    const named = args.profile !== undefined;
    // Checked as the full program checks it: a key given as the profile must not reach any output.
    const profile = named ? checkProfileName(args.profile!) : DEFAULT_PROFILE;
    await whoamiCommand(ctx, state, args.provider, { json: args.json }, { choice: { profile, named }, ...(args.baseUrl !== undefined ? { baseUrl: args.baseUrl } : {}) });
    return state.exitCode;
  });
}
