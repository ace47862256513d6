/**
 * The only module that touches process.* directly. `--version` is answered before anything else
 * loads: a credential tool runs in every shell and CI step, so start-up time is felt everywhere.
 */
import { VERSION } from '../core/version.js';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import('./run.js');
  const code = await run(argv);
  // Flush, then exit: a keychain call abandoned after its time limit must not keep the process alive.
  process.exitCode = code;
  const exit = () => process.exit(code);
  if (process.stdout.writableLength || process.stderr.writableLength) {
    process.stdout.write('', () => process.stderr.write('', exit));
  } else exit();
}
