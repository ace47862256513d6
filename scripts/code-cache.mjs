// Writes V8's compiled code for <outdir>/run.cjs and status.cjs (see src/cli/code-cache.ts), called by scripts/build.mjs.
// The bundle is loaded, a few commands that need neither network nor keychain are run (a call only --dry-run) so that the
// functions every start-up uses get compiled, then the code is saved. Their output goes nowhere.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const outdir = resolve(process.argv[2] ?? 'dist');
const { loadBundle, cacheFileOf, RUN_BUNDLE, STATUS_BUNDLE } = createRequire(import.meta.url)(join(outdir, 'main.cjs'));
const bundle = join(outdir, RUN_BUNDLE);

const TRAINING = [['--help'], ['headers', 'ozon'], ['status'], ['api', 'ozon', 'остатки'], ['call', 'ozon', '/v3/product/list', 'limit:=1', '--dry-run']];

const home = mkdtempSync(join(tmpdir(), 'mkt-code-cache-'));
Object.assign(process.env, { MKT_CONFIG_DIR: join(home, 'config'), OZON_CLIENT_ID: '1', OZON_API_KEY: 'not-a-key', NO_COLOR: '1' });
try {
  const loaded = loadBundle(bundle);
  for (const argv of TRAINING) {
    const code = await loaded.exports.run(argv);
    if (code !== 0) throw new Error(`mkt ${argv.join(' ')} exited ${code} while making the code cache`);
  }
  writeFileSync(cacheFileOf(bundle), loaded.createCachedData());
  // `mkt status`'s own bundle (src/cli/status-entry.ts), trained on a listed profile and its JSON.
  const statusBundle = join(outdir, STATUS_BUNDLE);
  const status = loadBundle(statusBundle);
  for (const args of [{ json: false }, { json: true }]) {
    const code = await status.exports.runStatus(args);
    if (code !== 0) throw new Error(`mkt status${args.json ? ' --json' : ''} exited ${code} while making the code cache`);
  }
  writeFileSync(cacheFileOf(statusBundle), status.createCachedData());
} finally {
  rmSync(home, { recursive: true, force: true });
}
