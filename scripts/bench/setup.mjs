// What the bench runs against: the sandbox in its own process (so serving never competes with the
// timing loop), a private Secret Service for the keychain row, and a few small helper files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** A scratch dir inside the repo (node_modules resolves from there; `.mkt-test-*` is git-ignored). */
export function makeTmp(repo) {
  const dir = mkdtempSync(join(repo, '.mkt-test-bench-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * HTTPie is the reference of the `whoami` ≤ 0.5 × HTTPie row: when `http` is missing and the bench runs
 * as root on a Debian-like system, it is installed from the distribution (`apt-get install httpie`,
 * after an `apt-get update` if the first try fails), and the log says so. Only the bench does this,
 * never a test: HTTPie is no dependency of mkt. Otherwise the row is reported as skipped.
 */
export function ensureHttpie(log) {
  if (found('http')) return;
  if (process.getuid?.() !== 0 || !found('apt-get', ['--version'])) {
    log('HTTPie (`http`) is missing and cannot be installed here (needs root and apt-get): its row is skipped');
    return;
  }
  log('HTTPie (`http`) is missing: installing the Debian package `httpie` with apt-get');
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'httpie'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!install()) log('apt-get could not install httpie: its row is skipped');
  }
  if (found('http')) log('HTTPie installed');
}

function found(cmd, args = ['--version']) {
  const probe = spawnSync(cmd, args, { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Bundles TypeScript `source` (imports relative to the repo root) into `file`. */
export async function bundleTs(repo, source, file) {
  await build({
    stdin: { contents: source, resolveDir: repo, loader: 'ts', sourcefile: 'bench-helper.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: file, logLevel: 'silent',
  });
  return file;
}

const SANDBOX_CHILD = `
import { createInterface } from 'node:readline';
import { startSandbox, SANDBOX_CREDENTIALS } from './src/sandbox/server.ts';
const sandbox = await startSandbox(JSON.parse(process.argv[2] ?? '{}'));
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\\n');
say({ url: sandbox.url, baseUrls: sandbox.baseUrls, credentials: SANDBOX_CREDENTIALS });
const lines = createInterface({ input: process.stdin });
lines.on('line', () => say({ connections: sandbox.stats.connections, requests: sandbox.stats.requests, byPath: sandbox.stats.byPath, byStatus: sandbox.stats.byStatus, peakInFlight: sandbox.stats.peakInFlight }));
lines.on('close', () => { void sandbox.close().then(() => process.exit(0)); });
`;

/**
 * Starts the sandbox in a child process. Resolves `{ url, baseUrls, credentials, stats(), stop() }`;
 * `stats()` counts TCP connections accepted and requests served so far.
 */
export async function startSandboxProcess(repo, tmp, options) {
  const file = await bundleTs(repo, SANDBOX_CHILD, join(tmp, 'sandbox-child.mjs'));
  const child = spawn(process.execPath, [file, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const hello = await Promise.race([next(), exited.then((code) => { throw new Error(`the sandbox exited (${code}) before it listened`); })]);
  return {
    ...hello,
    stats: () => {
      const answer = next();
      child.stdin.write('stats\n');
      return answer;
    },
    stop: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * A private gnome-keyring (test/helpers/secret-service.ts, bundled) holding the sandbox's Ozon set,
 * stored by `mkt login --from-env --no-verify`. Resolves `{ env, stop() }` or `{ skipped: reason }`.
 */
export async function startKeychain({ repo, tmp, mkt, baseEnv, ozon }) {
  const file = await bundleTs(repo, `export { missingTools, startSecretService } from './test/helpers/secret-service.ts';`, join(tmp, 'secret-service.mjs'));
  const { missingTools, startSecretService } = await import(pathToFileURL(file).href);
  const missing = missingTools();
  if (missing) return { skipped: missing };
  let session;
  try {
    session = await startSecretService({ keyring: true });
  } catch (err) {
    return { skipped: `no Secret Service: ${err.message.split('\n')[0]}` };
  }
  const configDir = join(tmp, 'keychain-config');
  mkdirSync(configDir);
  const env = { ...baseEnv, ...session.env, MKT_CONFIG_DIR: configDir };
  const { runOnce } = await import('./runner.mjs');
  try {
    await runOnce([...mkt, 'login', 'ozon', '--from-env', '--no-verify'], { env: { ...env, OZON_CLIENT_ID: ozon.clientId, OZON_API_KEY: ozon.apiKey } });
  } catch (err) {
    await session.stop();
    return { skipped: `mkt login into the private keyring failed: ${err.message.split('\n')[0]}` };
  }
  return { env, stop: () => session.stop() };
}

let rssRuns = 0;

/** `run(env)` with the RSS hook (below) preloaded: `{ result, rss }`, its peak RSS in MB. */
export async function withPeakRss(b, env, run) {
  const file = join(b.tmp, `rss-${++rssRuns}.txt`);
  const result = await run({ ...env, NODE_OPTIONS: `--import=${b.rssHook}`, MKT_BENCH_RSS_FILE: file });
  const rss = Number(readFileSync(file, 'utf8')) / 1024;
  rmSync(file, { force: true });
  return { result, rss };
}

/** Records the peak RSS (KiB) of a Node process in `MKT_BENCH_RSS_FILE` when it exits. Loaded with NODE_OPTIONS=--import. */
export function writeRssHook(tmp) {
  const file = join(tmp, 'rss-hook.mjs');
  writeFileSync(file, `import { writeFileSync } from 'node:fs';
const out = process.env.MKT_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
`);
  return pathToFileURL(file).href;
}

/**
 * The reference for --paginate: a plain shell loop, one curl per page, the cursor cut out of the
 * answer with parameter expansion (no extra process per page). Usage: sh FILE URL CLIENT_ID API_KEY LIMIT.
 */
export function writeCurlLoop(tmp) {
  const file = join(tmp, 'curl-pages.sh');
  writeFileSync(file, `last=''
while :; do
  body=$(curl -sS --fail -X POST "$1" -H "Client-Id: $2" -H "Api-Key: $3" -H 'Content-Type: application/json' -H 'Accept: application/json' -d "{\\"filter\\":{},\\"limit\\":$4,\\"last_id\\":\\"$last\\"}") || exit 1
  printf '%s\\n' "$body"
  case $body in *'"last_id":"'*) ;; *) break ;; esac
  last=\${body#*'"last_id":"'}
  last=\${last%%'"'*}
  [ -n "$last" ] || break
done
`);
  return file;
}
