// Writes V8's compiled code for <outdir>/run.cjs, status.cjs and whoami.cjs (see src/cli/code-cache.ts), called by
// scripts/build.mjs. Each bundle is loaded and run on a few commands that need no keychain (a call only --dry-run; whoami
// against a loopback server of this script's), so that the functions a start-up uses get compiled, then the code is saved.
// Their output goes nowhere. run.cjs is not trained on `status` or `whoami`: their plain runs have bundles of their own,
// and each function trained costs every run of run.cjs a little more cache to read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const outdir = resolve(process.argv[2] ?? 'dist');
const { loadBundle, cacheFileOf, RUN_BUNDLE, STATUS_BUNDLE, WHOAMI_BUNDLE } = createRequire(import.meta.url)(join(outdir, 'main.cjs'));
const bundle = join(outdir, RUN_BUNDLE);

const TRAINING = [['--help'], ['headers', 'ozon'], ['api', 'ozon', 'остатки'], ['call', 'ozon', '/v3/product/list', 'limit:=1', '--dry-run']];

const home = mkdtempSync(join(tmpdir(), 'mkt-code-cache-'));
Object.assign(process.env, { HOME: home, MKT_CONFIG_DIR: join(home, 'config'), MKT_CACHE_DIR: join(home, 'cache'), OZON_CLIENT_ID: '1', OZON_API_KEY: 'not-a-key', NO_COLOR: '1' });
const server = await answeringServer();
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
  // `mkt whoami`'s own bundle (src/cli/whoami-entry.ts): a check of the environment's Ozon set, table and JSON.
  const whoamiBundle = join(outdir, WHOAMI_BUNDLE);
  const whoami = loadBundle(whoamiBundle);
  for (const json of [false, true]) {
    const code = await whoami.exports.runWhoamiQuick({ provider: 'ozon', json, baseUrl: `http://127.0.0.1:${server.address().port}` });
    if (code !== 0) throw new Error(`mkt whoami ozon${json ? ' --json' : ''} exited ${code} while making the code cache`);
  }
  writeFileSync(cacheFileOf(whoamiBundle), whoami.createCachedData());
} finally {
  server.closeAllConnections();
  server.close();
  rmSync(home, { recursive: true, force: true });
}

/** A loopback server for the whoami runs: every request gets one answer with the fields Ozon's checks read. */
async function answeringServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ roles: [{ name: 'Admin' }], expires_at: '2099-01-01T00:00:00Z', company: { name: 'training' } })));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
