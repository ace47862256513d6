// `--only agency`: `mkt whoami` over an agency's stored profiles (issue 19) against a sandbox of its
// own with the fakes' real limits (Ozon 50 req/s per Client-Id): 200 profiles in the file store and
// in the keychain (≤ 2 s wall; also against answers 50 ms late, as from a far API), and the cost growth at
// 1 → 10 → 100 → 1,000 profiles (time, peak RSS) of whoami and of `mkt status` (scripts/bench/status-growth.mjs).
// Each profile is its own Ozon seller (the sandbox's generated agency accounts). One untimed run
// first writes the profiles' check dates, as any first run does; the timed runs are the steady state.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleTs, startKeychain, startSandboxProcess, withPeakRss } from './setup.mjs';
import { median, runOnce } from './runner.mjs';
import { statusRows } from './status-growth.mjs';

const SEED = `export { seedFileProfiles, SECRET_KEYS } from './test/helpers/agency.ts';
export { agency } from './src/sandbox/fakes.ts';`;
const PASSPHRASE = 'bench-agency';
const GROWTH = [1, 10, 100, 1000];
/** Profiles logged in to the keychain one by one (`mkt login`, ~0.1 s each). */
const KEYCHAIN_PROFILES = 200;

export async function agencyRows(b, log) {
  const seed = await import(pathToFileURL(await bundleTs(b.repo, SEED, join(b.tmp, 'agency-seed.mjs'))).href);
  const sandbox = await startSandboxProcess(b.repo, b.tmp, {});
  const base = { ...b.env, OZON_API_URL: sandbox.baseUrls.ozon, MKT_CACHE_DIR: join(b.tmp, 'agency-cache') };
  const profiles = (n) => Array.from({ length: n }, (_, i) => ({ provider: 'ozon', profile: `shop${i + 1}`, values: seed.agency(i + 1).ozon, secretKeys: seed.SECRET_KEYS.ozon }));
  const fileEnv = async (n) => {
    const dir = join(b.tmp, `agency-file-${n}`);
    rmSync(dir, { recursive: true, force: true });
    await seed.seedFileProfiles(dir, PASSPHRASE, profiles(n));
    return { ...base, MKT_CONFIG_DIR: dir, MKT_STORE: 'file', MKT_PASSPHRASE: PASSPHRASE };
  };
  const rows = [];
  try {
    log('agency: whoami over 200 profiles, file store');
    rows.push(await whoamiRow(b, sandbox, '`mkt whoami`, 200 profiles, file store: wall', await fileEnv(200), 200));
    const keychain = b.keychain?.env ? b.keychain : await startKeychain({ repo: b.repo, tmp: b.tmp, mkt: b.mkt, baseEnv: b.env, ozon: sandbox.credentials.ozon.valid });
    if (keychain.env) {
      log(`agency: logging ${KEYCHAIN_PROFILES} profiles in to the private keychain`);
      const env = { ...base, ...keychain.env, MKT_CONFIG_DIR: join(b.tmp, 'agency-keychain') };
      mkdirSync(env.MKT_CONFIG_DIR, { recursive: true });
      for (const p of profiles(KEYCHAIN_PROFILES)) await login(b, env, p);
      rows.push(await whoamiRow(b, sandbox, `\`mkt whoami\`, ${KEYCHAIN_PROFILES} profiles, keychain: wall`, env, KEYCHAIN_PROFILES));
      if (keychain !== b.keychain) await keychain.stop();
    } else {
      rows.push({ label: '`mkt whoami`, 200 profiles, keychain: wall', skipped: keychain.skipped, target: { op: '≤', value: 2000 }, unit: 'ms' });
    }
    log('agency: whoami over 200 profiles, every answer 50 ms late (a far API)');
    const far = await startSandboxProcess(b.repo, b.tmp, { answerDelayMs: 50 });
    try {
      rows.push(await whoamiRow(b, far, '`mkt whoami`, 200 profiles, file store, answers 50 ms late: wall', { ...(await fileEnv(200)), OZON_API_URL: far.baseUrls.ozon }, 200));
    } finally {
      await far.stop();
    }
    for (const n of GROWTH) {
      log(`agency: growth, ${n} profile(s)`);
      rows.push(await whoamiRow(b, sandbox, `\`mkt whoami\` growth: ${n} profile${n === 1 ? '' : 's'} (file store)`, await fileEnv(n), n, Math.max(2000, 10 * n)));
    }
    rows.push(...(await statusRows(b, fileEnv, GROWTH, log)));
  } finally {
    await sandbox.stop();
  }
  return rows;
}

function login(b, env, p) {
  const input = `OZON_CLIENT_ID=${p.values.clientId}\nOZON_API_KEY=${p.values.apiKey}\n`;
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(b.mkt[0], [...b.mkt.slice(1), 'login', 'ozon', '--stdin', '--no-verify', '--store', 'keychain', '-p', p.profile], { env, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`mkt login ${p.profile}: ${stderr.trim()}`))));
      child.stdin.end(input);
    });
  });
}

/**
 * One row: the median wall time of `mkt whoami` over `n` stored profiles (every row printed, exit 0,
 * no 429 from the sandbox), its peak RSS in the note. Target: ≤ `limitMs`.
 */
async function whoamiRow(b, sandbox, label, env, n, limitMs = 2000) {
  const argv = [...b.mkt, 'whoami'];
  await runOnce(argv, { env });
  const before = await sandbox.stats();
  const times = [];
  const rss = [];
  let problem;
  for (let i = 0; i < b.runs.heavy; i++) {
    const { result: r, rss: peak } = await withPeakRss(b, env, (e) => runOnce(argv, { env: e, keepStdout: true }));
    times.push(r.ms);
    rss.push(peak);
    const printed = r.stdout.split('\n').filter((l) => l.startsWith('✓ ')).length;
    if (printed !== n) problem = `${printed} of ${n} rows ok`;
  }
  const after = await sandbox.stats();
  const limited = (after.byStatus?.['429'] ?? 0) - (before.byStatus?.['429'] ?? 0);
  if (limited > 0) problem = [problem, `${limited} answers were 429`].filter(Boolean).join('; ');
  const wall = median(times);
  return {
    label, value: wall, unit: 'ms', target: { op: '≤', value: limitMs }, runs: b.runs.heavy,
    note: `peak RSS ${Math.max(...rss).toFixed(0)} MB; ${(wall / n).toFixed(1)} ms a profile; peak ${after.peakInFlight ?? '?'} requests in flight at the sandbox`,
    ...(problem ? { extraFail: problem } : {}),
  };
}
