#!/usr/bin/env node
// Reliability figures for docs/reliability.md, measured, not written by hand.
//
//   npm run reliability              # build, run the fault matrix and the fuzzers, rewrite the table
//   node scripts/reliability.mjs --runs 20000 --check
//
// 1. Fault matrix: starts `mkt sandbox` (the built CLI), a fault-adding proxy and a few hostile
//    servers (test/helpers/hostile-server.mjs, shared with test/integration/network-faults.test.ts),
//    runs the built CLI against each fault and checks the documented exit code, one `mkt:` line,
//    no stack trace (MKT_DEBUG=1 is set), no secret in the output, the time taken.
// 2. Fuzzers: runs test/unit/fuzz-*.test.ts with MKT_FUZZ_REPORT (a folder) and reads the counts.
// 3. Writes both tables between the markers in docs/reliability.md.
//
// --runs N   cases per fuzz property (default 2000)      --check   exit 1 when a row is not as documented
// --no-write print the tables, leave the docs alone
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort, deepJson, faultProxy, hostileServer, listen, shut } from '../test/helpers/hostile-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'mkt.cjs');
const DOC = join(ROOT, 'docs', 'reliability.md');
const BEGIN = '<!-- reliability:begin (written by scripts/reliability.mjs; do not edit by hand) -->';
const END = '<!-- reliability:end -->';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '2000'));

if (!existsSync(join(ROOT, 'dist', 'main.cjs'))) {
  console.error('reliability: dist/ is missing; run `npm run reliability` (it builds first)');
  process.exit(2);
}

// Sandbox credentials (docs/sandbox.md): valid, so every failure below is the fault's, not the key's.
const CREDS = {
  OZON_CLIENT_ID: '100200',
  OZON_API_KEY: 'sandbox-ozon-valid-3f9c1a7e-5b2d-4e8f-9a61-0c7d2b4e8f13',
  YANDEX_MARKET_API_KEY: 'ACMA:sandboxYmValidT0kenQ7w2x9Lp4Rk8Zs3Vb6Nd1:5f1e8c3a',
  OZZIE_CLIENT_ID: 'ozz_client_sandbox',
  OZZIE_CLIENT_SECRET: 'sk_test_sandboxOzzieValidSecret_7Hq2Lw9Xr4Tz6Kp1Mn8B',
};
const SECRETS = [CREDS.OZON_API_KEY, CREDS.YANDEX_MARKET_API_KEY, CREDS.OZZIE_CLIENT_SECRET, Buffer.from(`${CREDS.OZZIE_CLIENT_ID}:${CREDS.OZZIE_CLIENT_SECRET}`).toString('base64')];

const home = mkdtempSync(join(tmpdir(), 'mkt-reliability-'));
const baseEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: home, MKT_CONFIG_DIR: join(home, 'config'), XDG_CONFIG_HOME: join(home, 'xdg'), MKT_DEBUG: '1', ...CREDS };

// ---------------------------------------------------------------------------------------------
// Processes and servers

function run(cmd, args, { env = {}, timeoutMs = 60_000, countStdout = false } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    child.stdout.on('data', (d) => {
      bytes += d.length;
      if (!countStdout) stdout += d;
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === 'SIGKILL' ? 'hung' : code, stdout, stderr, bytes, ms: performance.now() - started });
    });
  });
}
const mkt = (args, opts) => run(process.execPath, [BIN, ...args], opts);

/** `mkt sandbox --port 0`, from the built CLI; resolves with its URL. */
function startSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], { env: { ...baseEnv, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((done) => { child.once('close', done); child.kill('SIGTERM'); }) });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`mkt sandbox ended (${code}) before listening:\n${out}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// The fault matrix

/** The failure contract of docs/reliability.md: one `mkt:` line (retry notices and hints aside), no stack, no secret. */
function wellFormed(r) {
  const problems = [];
  if (/\n\s+at .*\(/.test(r.stderr)) problems.push('stack trace');
  if (/^mkt: internal error/m.test(r.stderr)) problems.push('internal error');
  const lines = r.stderr.trimEnd().split('\n').filter(Boolean);
  if (lines.some((l) => !/^(mkt: | {2}\S|✗ |✓ )/.test(l))) problems.push('stray lines');
  for (const s of SECRETS) if (r.stdout.includes(s) || r.stderr.includes(s)) problems.push('secret shown');
  return problems;
}
const reason = (r) => {
  const text = `${r.stderr}\n${r.stdout}`;
  const line = text.split('\n').filter((l) => /^mkt: |^ {4}\S/.test(l) && !/retrying|waiting/.test(l)).at(-1) ?? '';
  return line.replace(/^mkt: |^ {4}/, '').replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT').slice(0, 90);
};

async function faultMatrix() {
  const sandbox = await startSandbox();
  const proxy = faultProxy(sandbox.url);
  const hostile = hostileServer();
  const [proxyUrl, hostileUrl] = await Promise.all([listen(proxy), listen(hostile)]);
  const refused = `http://127.0.0.1:${await closedPort()}`;
  const envs = {
    sandbox: { OZON_API_URL: `${sandbox.url}/ozon`, YANDEX_MARKET_API_URL: `${sandbox.url}/yandex`, OZZIE_API_URL: `${sandbox.url}/ozzie` },
    proxy: (f) => ({ OZON_API_URL: `${proxyUrl}/${encodeURIComponent(f)}/ozon` }),
    hostile: { OZON_API_URL: hostileUrl },
    refused: { OZON_API_URL: refused },
  };
  const F = (spec, id) => [`X-Sandbox-Fault:${spec}`, ...(id ? [`X-Sandbox-Fault-Id:${id}-${Date.now()}`] : [])];
  const rows = [
    ['connection refused (closed port)', 'call ozon POST /v1/roles --retries 0', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--retries', '0'], { env: envs.refused })],
    ['connection refused, read-only, 2 retries', 'call ozon POST /v1/roles --retries 2', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--retries', '2'], { env: envs.refused })],
    ['reset before the answer', 'call yandex GET /v2/campaigns `reset`', 6, () => mkt(['call', 'yandex', 'GET', '/v2/campaigns', '--retries', '0', ...F('reset')], { env: envs.sandbox })],
    ['reset once, read-only (retried)', 'call yandex GET /v2/campaigns `reset,times=1`', 0, () => mkt(['call', 'yandex', 'GET', '/v2/campaigns', '--json', ...F('reset,times=1', 'r')], { env: envs.sandbox })],
    ['reset on a write (never replayed)', 'call ozzie POST /v1/users … `reset`', 6, () => mkt(['call', 'ozzie', 'POST', '/v1/users', 'external_user_id=rel', ...F('reset')], { env: envs.sandbox })],
    ['503 on a stock update (sent once)', 'call ozon POST /v2/products/stocks … `503`', 7, () => mkt(['call', 'ozon', 'POST', '/v2/products/stocks', 'stocks:=[{"offer_id":"A","product_id":1,"stock":1,"warehouse_id":1}]', ...F('status=503')], { env: envs.sandbox })],
    ['refused, on a write (nothing sent: retried)', 'call ozon POST /v2/products/stocks --retries 1', 6, () => mkt(['call', 'ozon', 'POST', '/v2/products/stocks', 'stocks:=[]', '--retries', '1'], { env: envs.refused })],
    ['named profile not stored, env set present', 'headers ozon -p shop9 (OZON_* set)', 3, () => mkt(['headers', 'ozon', '-p', 'shop9'], { env: envs.sandbox })],
    ['reset mid-body, piped', 'call ozon POST /v1/roles `truncate`', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', ...F('truncate')], { env: envs.sandbox })],
    ['reset mid-body, --json', 'call … --json `truncate`', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--json', ...F('truncate')], { env: envs.sandbox })],
    ['stalled mid-body', 'call … --timeout 1 `stall`', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--timeout', '1', '--retries', '0', ...F('stall')], { env: envs.sandbox })],
    ['no answer at all', 'call … --timeout 0.5 `delay=10000`', 6, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--timeout', '0.5', '--retries', '0', ...F('delay=10000')], { env: envs.sandbox })],
    ['HTML 502 page', 'call ozon POST /v3/product/list `html`', 7, () => mkt(['call', 'ozon', 'POST', '/v3/product/list', '--retries', '0', ...F('html')], { env: envs.sandbox })],
    ['HTML 502 once, read-only (retried)', 'call … `html,times=1`', 0, () => mkt(['call', 'ozon', 'POST', '/v3/product/list', 'limit:=1', '--json', ...F('html,times=1', 'h')], { env: envs.sandbox })],
    ['503 after the retries', 'call yandex GET /v2/campaigns --retries 1 `503`', 7, () => mkt(['call', 'yandex', 'GET', '/v2/campaigns', '--retries', '1', ...F('status=503')], { env: envs.sandbox })],
    ['429 after the retries', 'call ozzie GET /v1/users --retries 1 `429`', 5, () => mkt(['call', 'ozzie', 'GET', '/v1/users', '--retries', '1', ...F('status=429')], { env: envs.sandbox })],
    ['Yandex 420 once (waited out)', 'call yandex GET /v2/campaigns `420-once`', 0, () => mkt(['call', 'yandex', 'GET', '/v2/campaigns', '--json', ...F('420-once', 'y')], { env: envs.sandbox })],
    ['invalid JSON, piped (passed through)', 'call ozon POST /v1/roles `invalid-json`', 0, () => mkt(['call', 'ozon', 'POST', '/v1/roles', ...F('invalid-json')], { env: envs.sandbox })],
    ['invalid JSON, --json', 'call … --json `invalid-json`', 7, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--json', ...F('invalid-json')], { env: envs.sandbox })],
    ['paging mkt does not recognise (noted)', 'call ozon /unknown-paging/v1/things/list --paginate', 0, () => mkt(['call', 'ozon', '/unknown-paging/v1/things/list', 'limit:=2', '--paginate', '--items'], { env: envs.hostile })],
    ['invalid JSON, --paginate', 'call … --paginate `invalid-json`', 7, () => mkt(['call', 'ozon', '/v3/product/list', 'limit:=10', '--paginate', ...F('invalid-json')], { env: envs.sandbox })],
    ['empty body, --json', 'call … --json `empty`', 0, () => mkt(['call', 'ozon', 'POST', '/v1/roles', '--json', ...F('empty')], { env: envs.sandbox })],
    ['whoami: reset', 'whoami ozon (proxy adds `reset`)', 6, () => mkt(['whoami', 'ozon'], { env: envs.proxy('reset') })],
    ['whoami: reset mid-body', 'whoami ozon (proxy adds `truncate`)', 6, () => mkt(['whoami', 'ozon'], { env: envs.proxy('truncate') })],
    ['whoami: HTML 502', 'whoami ozon (proxy adds `html`)', 7, () => mkt(['whoami', 'ozon'], { env: envs.proxy('html') })],
    ['whoami: invalid JSON', 'whoami ozon (proxy adds `invalid-json`)', 7, () => mkt(['whoami', 'ozon'], { env: envs.proxy('invalid-json') })],
    ['whoami: empty body', 'whoami ozon (proxy adds `empty`)', 7, () => mkt(['whoami', 'ozon'], { env: envs.proxy('empty') })],
    ['slow drip, never silent for --timeout', 'call ozon GET /drip-slow --timeout 1 (1 byte / 100 ms)', 0, () => mkt(['call', 'ozon', 'GET', '/drip-slow', '--timeout', '1', '--retries', '0'], { env: envs.hostile })],
    ['drip silent longer than --timeout', 'call ozon GET /drip-silent --timeout 1 (1 byte / 1.5 s)', 6, () => mkt(['call', 'ozon', 'GET', '/drip-silent', '--timeout', '1', '--retries', '0', '--json'], { env: envs.hostile })],
    ['40 MB error page', 'call ozon GET /huge-error', 7, () => mkt(['call', 'ozon', 'GET', '/huge-error', '--retries', '0'], { env: envs.hostile })],
    ['an answer that is not HTTP', 'call ozon GET /not-http', 6, () => mkt(['call', 'ozon', 'GET', '/not-http', '--retries', '0'], { env: envs.hostile })],
    ['101 Switching Protocols, unasked', 'call ozon POST /switch-protocols/v1/roles', 7, () => mkt(['call', 'ozon', 'POST', '/switch-protocols/v1/roles', '--retries', '0'], { env: envs.hostile })],
    ['101 Switching Protocols, --paginate', 'call ozon POST /switch-protocols/v3/product/list --paginate', 7, () => mkt(['call', 'ozon', 'POST', '/switch-protocols/v3/product/list', 'limit:=1', '--paginate', '--retries', '0'], { env: envs.hostile })],
    ['whoami: 101 Switching Protocols', 'whoami ozon (base URL at /switch-protocols)', 7, () => mkt(['whoami', 'ozon'], { env: { OZON_API_URL: `${hostileUrl}/switch-protocols` } })],
    ['102 Processing forever, --paginate', 'call … /processing-forever/… --paginate --timeout 1', 6, () => mkt(['call', 'ozon', 'POST', '/processing-forever/v3/product/list', 'limit:=1', '--paginate', '--timeout', '1', '--retries', '0'], { env: envs.hostile })],
    ['stdout on a full disk (> /dev/full)', 'call ozon POST /v1/roles --json > /dev/full', 9, () => intoFullDisk(['call', 'ozon', 'POST', '/v1/roles', '--json'], envs.sandbox)],
    ['stdout on a full disk, --raw stream', 'call … /_sandbox/big?mb=8 --raw > /dev/full', 9, () => intoFullDisk(['call', 'ozon', 'GET', `${sandbox.url}/_sandbox/big?mb=8`, '--raw'], envs.sandbox)],
    ['reader goes away (| head -c 100)', 'call … /_sandbox/big?mb=64 --raw | head -c 100', 0, () => readerGoesAway(sandbox.url)],
    ['256 MiB body, --raw', 'call ozon GET /_sandbox/big?mb=256 --raw > pipe', 0, () => bigBody(sandbox.url)],
    ['Location not a valid URL', 'call ozon GET /location-bracket (Location: http://[/?key=…)', 7, () => mkt(['call', 'ozon', 'GET', '/location-bracket'], { env: envs.hostile })],
    ['whoami: Location not a valid URL', 'whoami ozon (Location: http://a b/?key=…)', 7, () => mkt(['whoami', 'ozon'], { env: { OZON_API_URL: `${hostileUrl}/location-space` } })],
    ['Location with a javascript: scheme', 'call ozon GET /location-javascript', 7, () => mkt(['call', 'ozon', 'GET', '/location-javascript'], { env: envs.hostile })],
    ['same-origin redirect loop', 'call ozon GET /redirect-loop', 7, () => mkt(['call', 'ozon', 'GET', '/redirect-loop'], { env: envs.hostile })],
    ['answer nested 5,000 deep, --json', 'call ozon POST /deep-json --json', 7, () => mkt(['call', 'ozon', 'POST', '/deep-json', '--json'], { env: envs.hostile })],
    ['answer nested 5,000 deep, --paginate', 'call ozon /deep-json --paginate', 7, () => mkt(['call', 'ozon', '/deep-json', '--paginate'], { env: envs.hostile })],
    ['whoami: answer nested 5,000 deep', 'whoami ozon (every field 5,000 deep)', 7, () => mkt(['whoami', 'ozon'], { env: { OZON_API_URL: `${hostileUrl}/deep-json` } })],
    ['request body nested 5,000 deep', "call ozon POST /v1/x -d '[[[…]]]'", 2, () => mkt(['call', 'ozon', 'POST', '/v1/x', '-d', deepJson(5000)], { env: envs.hostile })],
    ['body file that never ends', 'call ozon POST /v1/x a=@/dev/zero', 2, () => mkt(['call', 'ozon', 'POST', '/v1/x', 'a=@/dev/zero'], { env: envs.hostile })],
    ['body file that is a FIFO, no writer', 'call ozon POST /v1/x a=@fifo', 2, () => mkt(['call', 'ozon', 'POST', '/v1/x', `a=@${fifo()}`], { env: envs.hostile })],
    ['empty lock files left behind (kill -9, full disk)', 'login ozon --from-env --store file --profile p2, empty *.lock', 0, () => storeFault(['login', 'ozon', '--from-env', '--no-verify', '--store', 'file', '--profile', 'p2'], (dir) => {
      for (const lock of ['config.json.lock', 'profiles.lock', 'secrets.enc.lock']) writeFileSync(join(dir, lock), '');
    })],
    ['index entry with an unknown store', 'status, entry "store": "vault"', 8, () => storeFault(['status'], (dir) => spoilIndex(dir, (e) => (e.store = 'vault')))],
    ['index entry without ids', 'status, entry without "ids"', 8, () => storeFault(['status'], (dir) => spoilIndex(dir, (e) => delete e.ids))],
    ['secrets.enc with scrypt N=3', 'logout ozon, kdf.N=3', 8, () => storeFault(['logout', 'ozon'], (dir) => spoilKdf(dir, { N: 3 }))],
    ['secrets.enc with scrypt N=2^20 r=32 p=16', 'logout ozon, kdf within the old limits', 8, () => storeFault(['logout', 'ozon'], (dir) => spoilKdf(dir, { N: 2 ** 20, r: 32, p: 16 }))],
    ['config dir path through a file', 'login ozon --from-env, MKT_CONFIG_DIR=<file>/mkt', 8, () => storeFault(['login', 'ozon', '--from-env', '--no-verify', '--store', 'file'], undefined, (dir) => {
      writeFileSync(join(dir, 'a-file'), '');
      return join(dir, 'a-file', 'mkt');
    })],
  ];
  const results = [];
  try {
    for (const [fault, how, expected, fn] of rows) {
      await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
      const r = await fn();
      const problems = r.code === expected ? wellFormed(r) : [`exit ${r.code}`];
      results.push({ fault, how, expected, got: r.code, ms: r.ms, reason: r.note ?? reason(r), ok: problems.length === 0, problems });
      process.stderr.write(`${problems.length ? '✗' : '✓'} ${fault}: exit ${r.code}${problems.length ? ` (${problems.join(', ')})` : ''}\n`);
    }
  } finally {
    await Promise.all([shut(proxy), shut(hostile), sandbox.stop()]);
  }
  return results;
}

/** A FIFO nobody writes to, made once: opening it for reading the usual way blocks forever. */
function fifo() {
  const path = join(home, 'fifo');
  if (!existsSync(path)) execFileSync('mkfifo', [path]);
  return path;
}

/** The built CLI with /dev/full as stdout: every write fails with ENOSPC, as on a full disk. */
async function intoFullDisk(args, env) {
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  return run('bash', ['-c', `${[process.execPath, BIN, ...args].map(q).join(' ')} > /dev/full`], { env });
}

/**
 * A store fault: a fresh config dir with one file-store profile, spoiled by `spoil`, then `args`.
 * `dirFor` may point MKT_CONFIG_DIR elsewhere (a path that cannot be created).
 */
async function storeFault(args, spoil, dirFor) {
  const dir = mkdtempSync(join(home, 'store-'));
  const env = { MKT_CONFIG_DIR: dir, MKT_PASSPHRASE: 'reliability-pass' };
  const seeded = await mkt(['login', 'ozon', '--from-env', '--no-verify', '--store', 'file'], { env });
  if (seeded.code !== 0) return { ...seeded, note: 'could not seed the profile' };
  spoil?.(dir);
  const r = await mkt(args, { env: { ...env, MKT_CONFIG_DIR: dirFor ? dirFor(dir) : dir } });
  return { ...r, stderr: r.stderr.replaceAll(home, '$TMP') };
}

function spoilIndex(dir, change) {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  change(config.profiles['ozon:default']);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
}

function spoilKdf(dir, kdf) {
  const envelope = JSON.parse(readFileSync(join(dir, 'secrets.enc'), 'utf8'));
  Object.assign(envelope.kdf, kdf);
  writeFileSync(join(dir, 'secrets.enc'), JSON.stringify(envelope), { mode: 0o600 });
}

async function readerGoesAway(sandboxUrl) {
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const err = q(join(home, 'reader.err'));
  const command = `${[process.execPath, BIN, 'call', 'ozon', 'GET', `${sandboxUrl}/_sandbox/big?mb=64`, '--raw'].map(q).join(' ')} 2>${err} | head -c 100 >/dev/null; s=\${PIPESTATUS[0]}; cat ${err} >&2; exit $s`;
  const r = await run('bash', ['-c', command], { env: { OZON_API_URL: `${sandboxUrl}/ozon` } });
  return { ...r, note: r.stderr.trim() === '' ? 'quiet: nothing on stderr' : undefined };
}

async function bigBody(sandboxUrl) {
  const args = ['call', 'ozon', 'GET', `${sandboxUrl}/_sandbox/big?mb=256`, '--raw'];
  const env = { OZON_API_URL: `${sandboxUrl}/ozon` };
  if (!existsSync('/usr/bin/time')) {
    const r = await run(process.execPath, [BIN, ...args], { env, countStdout: true });
    return { ...r, note: `${(r.bytes / 1048576).toFixed(0)} MiB through; peak RSS not measured (no /usr/bin/time)` };
  }
  const r = await run('/usr/bin/time', ['-f', 'peak-rss-kib=%M', process.execPath, BIN, ...args], { env, countStdout: true });
  const kib = Number(/peak-rss-kib=(\d+)/.exec(r.stderr)?.[1]);
  const stderr = r.stderr.replace(/^peak-rss-kib=\d+\n?/m, '');
  return { ...r, stderr, note: `${(r.bytes / 1048576).toFixed(0)} MiB through, peak RSS ${(kib / 1024).toFixed(0)} MiB` };
}

// ---------------------------------------------------------------------------------------------
// The fuzzers

/** The fuzz files (test/unit/fuzz-*.test.ts) in the order of their rows in the table; any other comes last. */
const FUZZ_ORDER = ['fuzz-items', 'fuzz-filter', 'fuzz-credentials', 'fuzz-error-messages'];

async function fuzzCounts() {
  const reports = join(home, 'fuzz');
  const rank = (name) => (FUZZ_ORDER.includes(name) ? FUZZ_ORDER.indexOf(name) : FUZZ_ORDER.length);
  const names = readdirSync(join(ROOT, 'test', 'unit'))
    .filter((f) => /^fuzz-.*\.test\.ts$/.test(f))
    .map((f) => f.replace(/\.test\.ts$/, ''))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const r = await run(process.execPath, [vitest, 'run', ...names.map((n) => `test/unit/${n}.test.ts`)], {
    env: { ...process.env, MKT_FUZZ_REPORT: reports, MKT_FUZZ_RUNS: String(RUNS), MKT_DEBUG: '' },
    timeoutMs: 30 * 60_000,
  });
  // Each file writes its own counts (test/helpers/fuzz.ts); one table has them all, file by file.
  const missing = names.filter((n) => !existsSync(join(reports, `${n}.json`)));
  if (missing.length) throw new Error(`the fuzz tests wrote no report for ${missing.join(', ')} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  const parts = names.map((n) => JSON.parse(readFileSync(join(reports, `${n}.json`), 'utf8')));
  return { passed: r.code === 0, seed: parts[0].seed, runsPerProperty: parts[0].runsPerProperty, properties: Object.assign({}, ...parts.map((p) => p.properties)) };
}

// ---------------------------------------------------------------------------------------------
// The tables

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/`/g, "'");

function tables(faults, fuzz) {
  const lines = [];
  const faultsOk = faults.filter((f) => f.ok).length;
  const props = Object.entries(fuzz.properties);
  const cases = props.reduce((n, [, t]) => n + t.cases, 0);
  // Round trips and selections feed well-formed input; the rest is hostile, malformed or huge.
  const bad = props.filter(([name]) => !/round trip|selection|bare token/.test(name)).reduce((n, [, t]) => n + t.cases, 0);
  const crashes = props.filter(([name]) => !name.includes('(bug)')).reduce((n, [, t]) => n + t.otherErrors, 0);
  const known = props.filter(([name, t]) => name.includes('(bug)') && t.cases > 0);
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version} (${process.platform}/${process.arch}) by \`npm run reliability\`.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| faults tried | ${faults.length} |`,
    `| faults with the documented exit code and a clean one-line reason | ${faultsOk} of ${faults.length} |`,
    `| bad inputs tried (hostile, malformed or huge; fuzz seed ${fuzz.seed}, ${fuzz.runsPerProperty} per property) | ${bad} |`,
    `| all parser inputs tried (with the well-formed round trips) | ${cases} |`,
    `| crashes (anything but a result or a UsageError) outside known bugs | ${crashes} |`,
    `| known parser bugs, pinned as \`it.fails\` (rows marked "bug" below) | ${known.length ? known.map(([n]) => n.replace(/ \(bug\)$/, '')).join('; ') : 'none'} |`,
    '',
    '### Fault matrix',
    '',
    '| # | fault | command | expected exit | got | time | what mkt said | result |',
    '|---|---|---|---|---|---|---|---|',
    ...faults.map((f, i) => `| ${i + 1} | ${cell(f.fault)} | ${cell(f.how)} | ${f.expected} | ${f.got} | ${fmtMs(f.ms)} | ${cell(f.reason || '—')} | ${f.ok ? '✓' : `✗ ${cell(f.problems.join(', '))}`} |`),
    '',
    '### Fuzzed parsers',
    '',
    '| property | cases | returned | UsageError (exit 2) | anything else | slowest case |',
    '|---|---|---|---|---|---|',
    ...props.map(([name, t]) => `| ${cell(name)} | ${t.cases} | ${t.ok} | ${t.usageErrors} | ${t.otherErrors}${name.includes('(bug)') && t.otherErrors ? ' (the property stops at the first)' : ''} | ${t.maxMs.toFixed(2)} ms |`),
    '',
    'A "fixed bug" row is a regression property for a bug the fuzzers found and that was fixed',
    '(see [security.md](security.md#fixed-after-review)); a "bug" row, if any, is a known open bug pinned as `it.fails`.',
  );
  return lines.join('\n');
}

function writeDoc(text) {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `# Reliability\n\n${BEGIN}\n${END}\n`;
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${BEGIN} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n${text}\n${doc.slice(end)}`);
}

try {
  process.stderr.write('fault matrix against the built CLI:\n');
  const faults = await faultMatrix();
  process.stderr.write(`fuzzing the parsers (${RUNS} cases per property)...\n`);
  const fuzz = await fuzzCounts();
  const text = tables(faults, fuzz);
  if (flag('--no-write')) console.log(text);
  else {
    writeDoc(text);
    process.stderr.write(`wrote ${DOC}\n`);
  }
  const failed = faults.filter((f) => !f.ok).length + (fuzz.passed ? 0 : 1);
  if (failed && flag('--check')) process.exitCode = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
