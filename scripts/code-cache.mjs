// Writes V8's compiled code for <outdir>/run.cjs and status.cjs (see src/cli/code-cache.ts), called by scripts/build.mjs.
// The bundle is loaded, a few commands that need no keychain are run (a call only --dry-run, and `whoami ozon` against a
// loopback server of this script's, so the HTTP path and whoami's are in the cache: ~3 ms of lazy compiling in every
// whoami run) so that the functions every start-up uses get compiled, then the code is saved. Their output goes nowhere.
// Not `status`: its plain runs have a bundle of their own (status.cjs, below), and each function trained costs every run
// a little more cache to read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const outdir = resolve(process.argv[2] ?? 'dist');
const { loadBundle, cacheFileOf, RUN_BUNDLE, STATUS_BUNDLE } = createRequire(import.meta.url)(join(outdir, 'main.cjs'));
const bundle = join(outdir, RUN_BUNDLE);

const TRAINING = [['--help'], ['headers', 'ozon'], ['api', 'ozon', 'остатки'], ['call', 'ozon', '/v3/product/list', 'limit:=1', '--dry-run']];

const home = mkdtempSync(join(tmpdir(), 'mkt-code-cache-'));
Object.assign(process.env, { HOME: home, MKT_CONFIG_DIR: join(home, 'config'), MKT_CACHE_DIR: join(home, 'cache'), OZON_CLIENT_ID: '1', OZON_API_KEY: 'not-a-key', NO_COLOR: '1' });
const server = await answeringServer();
try {
  const loaded = loadBundle(bundle);
  for (const argv of [...TRAINING, ['whoami', 'ozon', '--base-url', `http://127.0.0.1:${server.address().port}`]]) {
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
  server.closeAllConnections();
  server.close();
  rmSync(home, { recursive: true, force: true });
}

/** A loopback server for the whoami run: every request gets one answer with the fields Ozon's checks read. */
async function answeringServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ roles: [{ name: 'Admin' }], expires_at: '2099-01-01T00:00:00Z', company: { name: 'training' } })));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
