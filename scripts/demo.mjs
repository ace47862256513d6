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
// The registry, as the CLI itself reports it: the demo names no provider of its own.
const registry = JSON.parse(spawnSync(process.execPath, [bin, 'providers', '--json'], { env: baseEnv, encoding: 'utf8' }).stdout);
for (const p of registry) for (const name of [p.baseUrlEnv, ...p.fields.map((f) => f.env)]) delete baseEnv[name];
delete baseEnv.MKT_PROFILE;

const sandbox = spawn(process.execPath, [bin, 'sandbox', '--port', '0'], { env: baseEnv, stdio: ['ignore', 'pipe', 'inherit'] });
let failed = 0;
try {
  const exports = await sandboxExports(sandbox);
  const served = registry.filter((p) => exports[p.baseUrlEnv]);
  const urls = Object.fromEntries(served.map((p) => [p.baseUrlEnv, exports[p.baseUrlEnv]]));
  const env = { ...baseEnv, ...urls };
  console.log(`Sandbox running; base URLs:\n${Object.entries(urls).map(([k, v]) => `  ${k}=${v}`).join('\n')}\n`);

  for (const p of served) step(`mkt login ${p.id} --stdin --store file`, env, credentialsJson(p, (f) => exports[f.env]));
  step('mkt status', env);
  step('mkt whoami', env);
  for (const p of served) for (const [command, summary] of p.examples.demo ?? []) step(command, env, undefined, summary && ((out) => `${out.split('\n').length - 1} ${summary}`));
  const [first] = served;
  console.log('A rejected key is refused and nothing is stored (exit 4 expected):');
  step(`mkt login ${first.id} --stdin --store file --profile wrong`, env, credentialsJson(first, (f) => (f.secret ? 'not-a-real-key' : exports[f.env])), undefined, 4);
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

/** A credential set as `login --stdin` reads it: a JSON object of the provider's variables. */
function credentialsJson(provider, value) {
  return JSON.stringify(Object.fromEntries(provider.fields.map((f) => [f.env, value(f)])));
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
