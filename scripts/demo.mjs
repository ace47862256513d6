// The README's main job on its built-in default: a local sandbox marketplace, a throwaway
// encrypted file store (no keychain needed), and what a user sees at each step.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const bin = new URL('../bin/mkt.cjs', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'mkt-demo-'));
const baseEnv = { ...process.env, MKT_CONFIG_DIR: join(home, 'config'), MKT_PASSPHRASE: randomBytes(16).toString('hex'), NO_COLOR: process.env.NO_COLOR ?? '' };
for (const name of ['OZON_CLIENT_ID', 'OZON_API_KEY', 'YANDEX_MARKET_API_KEY', 'OZZIE_CLIENT_ID', 'OZZIE_CLIENT_SECRET', 'MKT_PROFILE']) delete baseEnv[name];

const sandbox = spawn(process.execPath, [bin, 'sandbox', '--port', '0'], { env: baseEnv, stdio: ['ignore', 'pipe', 'inherit'] });
let failed = 0;
try {
  const exports = await sandboxExports(sandbox);
  const urls = pick(exports, /_API_URL$/);
  const env = { ...baseEnv, ...urls };
  console.log(`Sandbox running; base URLs:\n${Object.entries(urls).map(([k, v]) => `  ${k}=${v}`).join('\n')}\n`);

  step('mkt login ozon --stdin --store file', env, `OZON_CLIENT_ID=${exports.OZON_CLIENT_ID}\nOZON_API_KEY=${exports.OZON_API_KEY}\n`);
  step('mkt login yandex --stdin --store file', env, `${exports.YANDEX_MARKET_API_KEY}\n`);
  step('mkt login ozzie --stdin --store file', env, JSON.stringify({ OZZIE_CLIENT_ID: exports.OZZIE_CLIENT_ID, OZZIE_CLIENT_SECRET: exports.OZZIE_CLIENT_SECRET }));
  step('mkt status', env);
  step('mkt whoami', env);
  step('mkt call ozon /v3/product/list limit:=3 --filter result.items[].offer_id', env);
  step('mkt call ozon /v1/actions --filter result[].title', env); // one of Ozon's six GETs: sent as GET, no body
  step('mkt call yandex GET /v2/campaigns limit==2 --json', env);
  step('mkt call ozzie POST /v1/users external_user_id=demo-1 name=Alex language=en', env);
  step('mkt call ozon /v3/product/list limit:=1000 --paginate --items --filter offer_id --max-pages 3', env, undefined, (out) => `${out.split('\n').length - 1} offer ids`);
  step('mkt call ozzie GET /v1/users --paginate --items --filter external_user_id', env, undefined, (out) => `${out.split('\n').length - 1} Ozzie users, page by page`);
  step('mkt call ozon /v1/roles --curl', env);
  console.log('A rejected key is refused and nothing is stored (exit 4 expected):');
  step('mkt login ozon --stdin --store file --profile wrong', env, `OZON_CLIENT_ID=${exports.OZON_CLIENT_ID}\nOZON_API_KEY=not-a-real-key\n`, undefined, 4);
  step('mkt logout --all', env);
} catch (err) {
  failed++;
  console.error(`demo: ${err.message}`);
} finally {
  sandbox.kill('SIGINT');
  rmSync(home, { recursive: true, force: true });
}
console.log(failed ? `demo finished with ${failed} unexpected result(s)` : 'demo finished: every step behaved as expected');
process.exitCode = failed ? 1 : 0;

function step(command, env, input, summarize, expected = 0) {
  const args = command.split(' ').slice(1);
  console.log(`$ ${command}`);
  const r = spawnSync(process.execPath, [bin, ...args], { env, input: input ?? '', encoding: 'utf8' });
  const out = summarize ? `${summarize(r.stdout)}\n` : r.stdout;
  process.stdout.write(out.endsWith('\n') || out === '' ? out : `${out}\n`);
  process.stdout.write(r.stderr);
  if (r.status !== expected) {
    failed++;
    console.log(`  (unexpected exit code ${r.status}; expected ${expected})`);
  }
  console.log('');
}

function pick(exports, pattern) {
  return Object.fromEntries(Object.entries(exports).filter(([k]) => pattern.test(k)));
}

/** Reads the `export NAME=value` lines the sandbox prints, as a user would paste them. */
function sandboxExports(child) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the sandbox did not start in 10 s')), 10_000);
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
    child.stdout.on('data', (d) => {
      text += d;
      if (!text.includes('work only here')) return;
      clearTimeout(timer);
      resolve(Object.fromEntries([...text.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]])));
    });
  });
}
