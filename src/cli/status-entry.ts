/**
 * `mkt status` in a bundle of its own (status.cjs, scripts/build.mjs): an agency lists hundreds of
 * profiles in every shell, and the full program (commander and every command, ~8 ms to load) is not
 * needed to print them. src/cli/main.ts sends only plain argument lists here (quickStatusArgs); help,
 * mistakes and anything unusual go through the full program, which says what commander says.
 */
import { ExitCode } from '../core/exit-codes.js';
import { checkProfileName } from '../core/validate.js';
import { DEFAULT_PROFILE } from '../core/credentials.js';
import { runFramed } from './run-frame.js';
import { printStatus } from './status-output.js';
import type { QuickStatus } from './quick-status.js';

export function runStatus(args: QuickStatus): Promise<number> {
  return runFramed(async (ctx) => {
    const named = args.profile !== undefined;
    // Checked as the full program checks it: a key given as the profile must not reach any output.
    const profile = checkProfileName(args.profile ?? DEFAULT_PROFILE);
    await printStatus(ctx, { profile, named }, args.json);
    return ExitCode.ok;
  });
}
