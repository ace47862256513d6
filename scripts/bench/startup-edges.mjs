// Start-up where it differs from a plain piped run: on a real terminal with colour on, and with the
// shipped V8 code cache rejected (NODE_OPTIONS with a V8 flag, and another Node version). Each row is timed side by side with
// `node -e 0` under the same conditions, so the terminal's or the flags' own cost is in both.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ratioRow, runOnce, timeStartup } from './runner.mjs';
import { otherNode } from './other-node.mjs';

const NODE = ['node', '-e', '0'];
/** A V8 flag common in CI images: V8 turns the shipped cache down under it (src/cli/local-code-cache.ts). */
const V8_FLAGS = '--max-old-space-size=4096';
const GREEN = '\u001b[32m';

const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
/** `argv` on a pty of its own (util-linux script), its output to the pty; script itself runs in both commands of a row. */
const onTerminal = (argv) => ['script', '-qfec', argv.map(shellQuote).join(' '), '/dev/null'];

/** `b` as in bench.mjs. Returns table rows. */
export async function startupEdgeRows(b, log) {
  const rows = [];
  rows.push(...(await terminalRows(b, log)));
  rows.push(...(await rejectedCacheRows(b, log)));
  rows.push(...(await otherNodeRows(b, log)));
  return rows;
}

/**
 * `mkt whoami ozon` with stdout and stderr on a pty, colour on (no NO_COLOR, TERM=xterm-256color):
 * the paint, the terminal streams and whatever else only a terminal run loads are in the time.
 */
async function terminalRows(b, log) {
  const label = '`mkt whoami ozon` (sandbox) on a terminal, colour on';
  if (!hasScript()) return [skipped(label, 'util-linux `script` is not installed')];
  const { ozon } = b.sandbox.credentials;
  const env = { ...b.env, OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey, OZON_API_URL: b.sandbox.baseUrls.ozon, TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const whoami = b.mkt.concat('whoami', 'ozon');
  const { stdout } = await runOnce(onTerminal(whoami), { env, keepStdout: true });
  // The pty must really be one, and colour really on: else this row would time the piped path.
  if (!stdout.includes(`${GREEN}✓`) || !stdout.includes('company')) throw new Error(`whoami on a terminal: no coloured ✓ in ${JSON.stringify(stdout.slice(0, 300))}`);
  log('on a terminal: whoami ozon under script(1), colour codes checked');
  const results = await timeStartup(b, env, [onTerminal(NODE), onTerminal(whoami), NODE, whoami]);
  const piped = results[3].median / results[2].median;
  const r = ratioRow(label, results, 1, 1.5, 0, '`node -e 0` on a terminal');
  return [{ ...r, note: [`piped, same run: ${piped.toFixed(2)}×`, r.note].filter(Boolean).join('; ') }];
}

/**
 * Under NODE_OPTIONS=--max-old-space-size=4096 V8 rejects the shipped cache; the first run writes a
 * per-user one (in the bench's private MKT_CACHE_DIR) and the later runs use it. Both are checked with
 * MKT_DEBUG_CACHE=1 before timing. `--version` never loads run.cjs (src/cli/main.ts): it is here to show
 * the flag costs it nothing; `--help` and `headers` are the rows the cache decides.
 */
async function rejectedCacheRows(b, log) {
  const env = { ...b.env, NODE_OPTIONS: V8_FLAGS };
  const cacheDir = env.MKT_CACHE_DIR;
  rmSync(cacheDir, { recursive: true, force: true });
  const debug = { ...env, MKT_DEBUG_CACHE: '1' };
  const help = b.mkt.concat('--help');
  const nodeCold = await runOnce(NODE, { env });
  const cold = await runOnce(help, { env: debug });
  if (!cold.stderr.includes(`code cache: shipped rejected; wrote ${cacheDir}`)) throw new Error(`under ${V8_FLAGS} the shipped cache was not rejected and replaced in ${cacheDir}: ${cold.stderr.trim()}`);
  const warm = await runOnce(help, { env: debug });
  if (!/code cache: local used\b/.test(warm.stderr)) throw new Error(`under ${V8_FLAGS} the per-user cache was not used: ${warm.stderr.trim()}`);
  log(`NODE_OPTIONS=${V8_FLAGS}: shipped cache rejected, own cache written to the bench's MKT_CACHE_DIR and used`);
  const creds = { OZON_CLIENT_ID: b.sandbox.credentials.ozon.valid.clientId, OZON_API_KEY: b.sandbox.credentials.ozon.valid.apiKey };
  const refLabel = `\`node -e 0\`, same NODE_OPTIONS`;
  const under = `(NODE_OPTIONS=${V8_FLAGS})`;
  const plain = await timeStartup(b, env, [NODE, b.mkt.concat('--version'), help]);
  const headers = await timeStartup(b, { ...env, ...creds }, [NODE, b.mkt.concat('headers', 'ozon')]);
  const coldNote = `the first, cold run (cache written): ${cold.ms.toFixed(0)} ms vs ${nodeCold.ms.toFixed(0)} ms for one \`node -e 0\``;
  return [
    { ...ratioRow(`\`mkt --version\` ${under}`, plain, 1, 1.25, 0, refLabel), note: 'answered by main.cjs: run.cjs and its cache are never loaded' },
    withNote(ratioRow(`\`mkt --help\` ${under}, own code cache`, plain, 2, 1.25, 0, refLabel), coldNote),
    ratioRow(`\`mkt headers ozon\` (env) ${under}, own code cache`, headers, 1, 1.35, 0, refLabel),
  ];
}

/**
 * mkt run by another Node (the next even major): its V8 rejects the shipped cache as a flag does, and
 * the per-user cache it writes is keyed by that version. Checked as above, then `--version` beside
 * that Node's own `node -e 0` (the issue's target), and `--help` and `headers` beside the same bundle
 * loaded under Node's own compile cache (`module.enableCompileCache`, Node 22+), the other fallback the
 * issue names: the per-user cache must be as good. Their ratio to `node -e 0` is in the note; that
 * Node starts about 2.5 × faster than Node 20, so a few milliseconds of mkt's own work weigh more there.
 */
async function otherNodeRows(b, log) {
  const other = otherNode(log);
  const [version, help, headersRow] = otherNodeLabels(other.version ?? 'another version');
  if (other.skipped) return [version, help, headersRow].map(({ label, limit, refLabel }) => ({ label, refLabel, target: { op: '≤', value: limit }, skipped: other.skipped }));
  const mkt = (...args) => [other.node, b.mkt.at(-1), ...args];
  const node = [other.node, '-e', '0'];
  const env = { ...b.env, MKT_CACHE_DIR: `${b.env.MKT_CACHE_DIR}-other-node` };
  rmSync(env.MKT_CACHE_DIR, { recursive: true, force: true });
  const debug = { ...env, MKT_DEBUG_CACHE: '1' };
  const cold = await runOnce(mkt('--help'), { env: debug });
  if (!cold.stderr.includes(`code cache: shipped rejected; wrote ${env.MKT_CACHE_DIR}`)) throw new Error(`Node ${other.version} did not reject and replace the shipped cache: ${cold.stderr.trim()}`);
  const warm = await runOnce(mkt('--help'), { env: debug });
  if (!/code cache: local used\b/.test(warm.stderr)) throw new Error(`Node ${other.version} did not use the per-user cache: ${warm.stderr.trim()}`);
  log(`Node ${other.version}: shipped cache rejected, own cache written and used`);
  const creds = { ...env, OZON_CLIENT_ID: b.sandbox.credentials.ozon.valid.clientId, OZON_API_KEY: b.sandbox.credentials.ozon.valid.apiKey };
  const bare = await bareBundle(b, other, env, creds);
  const plain = await timeStartup(b, env, [node, mkt('--version'), mkt('--help'), bare.help, bare.helpFromSource]);
  const headers = await timeStartup(b, creds, [node, mkt('headers', 'ozon'), bare.headers]);
  const versus = (results, i, ref) => `${(results[i].median / results[0].median).toFixed(2)}× its \`node -e 0\` (${results[0].median.toFixed(1)} ms)${ref === undefined ? '' : `; compiled from source every run: ${(results[ref].median / results[0].median).toFixed(2)}×`}`;
  return [
    ratioRow(version.label, plain, 1, version.limit, 0, version.refLabel),
    withNote(ratioRow(help.label, plain, 2, help.limit, 3, help.refLabel), versus(plain, 2, 4)),
    withNote(ratioRow(headersRow.label, headers, 1, headersRow.limit, 2, headersRow.refLabel), versus(headers, 1)),
  ];
}

/** The three rows' labels, limits and references, the same whether they ran or were skipped. */
function otherNodeLabels(version) {
  const on = `on Node ${version}`;
  const against = "the bundle under Node's compile cache";
  return [
    { label: `\`mkt --version\` ${on}`, limit: 1.25, refLabel: `\`node -e 0\` of Node ${version}` },
    { label: `\`mkt --help\` ${on}, own code cache`, limit: NODE_CACHE_LIMIT, refLabel: against },
    { label: `\`mkt headers ozon\` (env) ${on}, own code cache`, limit: NODE_CACHE_LIMIT, refLabel: against },
  ];
}

/** Noise allowance: the two fallbacks measured 36.7 vs 38.3 ms by hand on Node 22 (2026-12-03). */
const NODE_CACHE_LIMIT = 1.1;

/**
 * The CLI bundle run straight by a script of the bench's (no main.cjs, no code cache of mkt's):
 * under Node's own compile cache, as a user's wrapper could, and compiled from source every run (no
 * cache at all: what a fallback saves). Each is run once first (warming the compile cache) and must
 * print what mkt prints.
 */
async function bareBundle(b, other, env, creds) {
  const bundle = join(dirname(b.mkt.at(-1)), '..', 'dist', 'run.cjs');
  const script = (name, prelude) => {
    const file = join(b.tmp, `${name}.cjs`);
    writeFileSync(file, `${prelude}require(${JSON.stringify(bundle)}).run(process.argv.slice(2)).then((code) => process.exit(code));\n`);
    return file;
  };
  const viaNode = script('node-compile-cache', `require('node:module').enableCompileCache(${JSON.stringify(join(b.tmp, 'node-compile-cache'))});\n`);
  const fromSource = script('no-code-cache', '');
  const commands = { help: [other.node, viaNode, '--help'], headers: [other.node, viaNode, 'headers', 'ozon'], helpFromSource: [other.node, fromSource, '--help'] };
  for (const argv of Object.values(commands)) {
    const e = argv.includes('headers') ? creds : env;
    const theirs = await runOnce(argv, { env: e, keepStdout: true });
    const ours = await runOnce([other.node, b.mkt.at(-1), ...argv.slice(2)], { env: e, keepStdout: true });
    if (!ours.stdout || theirs.stdout !== ours.stdout) throw new Error(`${argv.slice(1).join(' ')} printed other output than mkt`);
  }
  return commands;
}


const withNote = (r, note) => ({ ...r, note: [note, r.note].filter(Boolean).join('; ') });

function skipped(label, reason) {
  return { label, refLabel: '`node -e 0` on a terminal', target: { op: '≤', value: 1.5 }, skipped: reason };
}

function hasScript() {
  const probe = spawnSync('script', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}
