/**
 * The entry, built as CommonJS (scripts/build.mjs): bin/mkt.cjs calls main(). `--version` is answered
 * before anything else loads; everything else is in one bundle next to this file, loaded with the code
 * V8 compiled for it at build time. A credential tool runs in every shell and CI step, so start-up
 * time is felt everywhere.
 */
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { cacheFileOf, loadBundle } from './code-cache.js';

export { cacheFileOf, loadBundle };

/** Where the bundle of everything but this entry is built (scripts/build.mjs). */
export const RUN_BUNDLE = 'run.cjs';

export function main(argv: string[]): void {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const { run } = loadBundle<typeof import('./run.js')>(join(__dirname, RUN_BUNDLE)).exports;
  void run(argv).then(exitAfterFlush);
}

/** Flush, then exit: a keychain call abandoned after its time limit must not keep the process alive. */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  const exit = () => process.exit(code);
  if (process.stdout.writableLength || process.stderr.writableLength) {
    process.stdout.write('', () => process.stderr.write('', exit));
  } else exit();
}
