/**
 * The entry, built as CommonJS (scripts/build.mjs): bin/mkt.cjs calls main(). `--version` is answered
 * before anything else loads; everything else is in one bundle next to this file, loaded with the code
 * V8 compiled for it (at build time, or here when that did not fit: src/cli/local-code-cache.ts). A
 * credential tool runs in every shell and CI step, so start-up time is felt everywhere.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { cacheFileOf, loadBundle } from './code-cache.js';
import { loadCliBundle } from './local-code-cache.js';
import { MIN_NODE, nodeTooOld } from './node-version.js';
import { errorLine, wantsColor } from './output.js';
import { quickStatusArgs } from './quick-status.js';
import { quickWhoamiArgs } from './quick-whoami.js';

/** The hash of run.cjs, set by scripts/build.mjs: the per-user code cache is kept per bundle. */
declare const __MKT_BUNDLE_HASH__: string | undefined;
const BUNDLE_HASH = typeof __MKT_BUNDLE_HASH__ === 'string' ? __MKT_BUNDLE_HASH__ : undefined;
/** The same for whoami.cjs. */
declare const __MKT_WHOAMI_HASH__: string | undefined;
const WHOAMI_HASH = typeof __MKT_WHOAMI_HASH__ === 'string' ? __MKT_WHOAMI_HASH__ : undefined;

export { cacheFileOf, loadBundle };

/** Where the bundle of everything but this entry is built (scripts/build.mjs). */
export const RUN_BUNDLE = 'run.cjs';

/** The completion scripts' hidden request, and the small bundle that answers it (scripts/build.mjs). */
export const COMPLETE_ARG = '__complete';
export const COMPLETE_BUNDLE = 'complete.cjs';

/** `mkt status` with plain arguments, answered without the full program (src/cli/status-entry.ts). */
export const STATUS_BUNDLE = 'status.cjs';

/** `mkt whoami` with plain arguments, answered without commander (src/cli/whoami-entry.ts). */
export const WHOAMI_BUNDLE = 'whoami.cjs';

export function main(argv: string[]): void {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    printVersion();
    return;
  }
  if (nodeTooOld(process.versions.node)) {
    writeSync(2, errorLine(`needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer, this is ${process.versions.node}`, [], stderrInColour()));
    process.exitCode = 1;
    return;
  }
  // run() ends with process.exit(). Node running out of work first means a promise that never
  // settled (a request that neither answered nor failed): the command did not do its job, and must
  // not exit 0. Costs one listener, no import.
  process.once('beforeExit', unfinished);
  if (argv[0] === COMPLETE_ARG) return completionRequest(argv.slice(1));
  const status = quickStatusArgs(argv, process.env);
  if (status) return statusRequest(status);
  const whoami = quickWhoamiArgs(argv, process.env);
  if (whoami) {
    const entry = loadCliBundle<typeof import('./whoami-entry.js')>(join(__dirname, WHOAMI_BUNDLE), WHOAMI_HASH, process.env);
    return runThenExit(entry, entry.exports.runWhoamiQuick(whoami));
  }
  const bundle = loadCliBundle<typeof import('./run.js')>(join(__dirname, RUN_BUNDLE), BUNDLE_HASH, process.env);
  // Nothing asked is asking what mkt does (as with gh): the help, on stdout, exit 0.
  runThenExit(bundle, bundle.exports.run(argv.length === 0 ? ['--help'] : argv));
}

/**
 * The command flushes its output first. Exit then: a keychain call abandoned after its time limit
 * must not keep the process alive.
 */
function runThenExit(bundle: { afterRun(): void }, running: Promise<number>): void {
  void running.then((code) => {
    bundle.afterRun();
    process.exit(code);
  });
}

/**
 * Every Tab is one of these: answered by a bundle of its own, which reads the command definitions the
 * build wrote down instead of loading commander and building the program (docs/performance.md).
 */
function completionRequest(args: string[]): void {
  const entry = require(join(__dirname, COMPLETE_BUNDLE)) as typeof import('./completion/entry.js');
  entry.answer(args, __dirname, process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      writeSync(2, errorLine(`internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, [], false));
      process.exit(1);
    },
  );
}

function statusRequest(args: NonNullable<ReturnType<typeof quickStatusArgs>>): void {
  // With its own shipped code cache; when V8 rejects it, compiled from source (a small bundle: ~3 ms).
  const entry = loadBundle<typeof import('./status-entry.js')>(join(__dirname, STATUS_BUNDLE)).exports;
  void entry.runStatus(args).then((code) => process.exit(code));
}

function unfinished(): void {
  try {
    writeSync(2, errorLine('internal error: the command stopped before it finished', ['run again with MKT_DEBUG=1 for details, and report it'], stderrInColour()));
  } catch {
    // stderr is gone too: the exit code still says it
  }
  process.exit(1);
}

/** For the two errors printed before the bundle is loaded; node:tty only then (it loads node:net). */
function stderrInColour(): boolean {
  return wantsColor({ isTTY: (require('node:tty') as typeof import('node:tty')).isatty(2) }, process.env);
}

/** Straight to the descriptor: process.stdout would load Node's stream modules first (src/cli/stdio.ts). */
function printVersion(): void {
  try {
    writeSync(1, `${VERSION}\n`);
  } catch {
    process.stdout.write(`${VERSION}\n`);
  }
}
