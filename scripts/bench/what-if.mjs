// `--what-if`: numbers for proposed src changes without making them. The CLI is bundled again with a few
// src files rewritten at bundle time (nothing in src/ is touched), then timed like the real build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildCli } from '../build.mjs';
import { BIG_MB, curlBig, pairedShare, paginateRows, throughputRow } from './heavy.mjs';
import { median, timeCommands } from './runner.mjs';

/** A rewrite whose pattern no longer matches the source: the variant is reported as skipped. */
class StaleSwap extends Error {}

/** Replaces `from` by `to` in a src file's text, or says the source moved on. */
const replace = (from, to) => (text) => {
  if (!text.includes(from)) throw new StaleSwap(`pattern not found: ${from.slice(0, 60)}`);
  return text.replace(from, to);
};

const NO_PACER = () => 'export function createPacer() { return async () => {}; }';

const PAGINATE = [
  { id: 'no-pacer', label: 'what-if: no client-side pacing (node:http as in src)', swap: { 'src/core/pacer.ts': NO_PACER } },
];
/** Start-up variants: each case is timed side by side with `node -e 0` and the real build. */
const STARTUP = [
  { id: 'no-code-cache', label: 'no V8 code cache (run.cjs compiled from source)', swap: {}, build: { codeCache: false }, cases: ['help', 'env', 'keychain'] },
];

export async function whatIfRows(b, log) {
  const rows = [];
  for (const v of PAGINATE) {
    log(`what-if ${v.id}: bundling and timing ${b.runs.heavy} run(s)`);
    const main = await bundleVariant(b, v).catch(staleOnly);
    if (main instanceof StaleSwap) rows.push({ label: v.label, refLabel: 'shell loop of `curl`', target: { op: '≥', value: 12 }, skipped: main.message });
    else rows.push(...(await paginateRows(b, { mkt: [main], label: v.label })));
  }
  for (const v of STARTUP) rows.push(...(await startupRows(b, v, log)));
  rows.push(await nodeFloorRow(b, log));
  return rows;
}

const staleOnly = (err) => {
  if (err instanceof StaleSwap || err?.errors?.some((e) => /pattern not found/.test(e.text))) return new StaleSwap(err.errors?.[0]?.text ?? err.message);
  throw err;
};

function startupCases(b) {
  const { ozon } = b.sandbox.credentials;
  const creds = { OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey };
  return {
    help: { label: '`mkt --help`', limit: 1.25, args: ['--help'], env: b.env },
    env: { label: '`mkt headers ozon` (env)', limit: 1.35, args: ['headers', 'ozon'], env: { ...b.env, ...creds } },
    keychain: { label: '`mkt headers ozon` (keychain)', limit: 1.35, args: ['headers', 'ozon'], env: b.keychain?.env, skipped: b.keychain?.skipped ?? (b.keychain ? undefined : 'needs the start-up rows (--only startup)') },
  };
}

async function startupRows(b, variant, log) {
  log(`what-if ${variant.id}: bundling and timing ${b.runs.startup} runs per case`);
  const main = await bundleVariant(b, variant).catch(staleOnly);
  const rows = [];
  for (const id of variant.cases) {
    const c = startupCases(b)[id];
    const label = `what-if: ${variant.label}: ${c.label}`;
    const skipped = main instanceof StaleSwap ? main.message : c.skipped;
    if (skipped) {
      rows.push({ label, refLabel: '`node -e 0`', target: { op: '≤', value: c.limit }, skipped });
      continue;
    }
    const results = await timeCommands([['node', '-e', '0'], [...b.mkt, ...c.args], [main, ...c.args]],
      { env: c.env, warmup: b.runs.warmup, runs: b.runs.startup, tmp: b.tmp, hyperfine: b.runner.hyperfine });
    const [node, real, changed] = results.map((r) => median(r.times));
    rows.push({
      label, mkt: changed, ref: node, refLabel: '`node -e 0`', ratio: changed / node, target: { op: '≤', value: c.limit }, runs: b.runs.startup,
      note: `the real build in the same run: ${(real / node).toFixed(2)}×`,
    });
  }
  return rows;
}

/** The --raw throughput of Node itself: http.get piped to stdout, no mkt at all. */
async function nodeFloorRow(b, log) {
  log(`what-if node floor: http.get | pipeline, ${b.runs.raw} pair(s)`);
  const file = join(b.tmp, 'node-get.mjs');
  writeFileSync(file, "import { get } from 'node:http';\nimport { pipeline } from 'node:stream/promises';\nget(process.argv[2], (res) => pipeline(res, process.stdout));\n");
  const result = await pairedShare({ argv: [process.execPath, file, `${b.sandbox.url}/_sandbox/big?mb=${BIG_MB}`], env: b.env, reference: curlBig(b), runs: b.runs.raw });
  return throughputRow('what-if: bare `node:http` get, 500 MB piped (no mkt)', result, b.runs.raw, "Node's own floor for the --raw row");
}

async function bundleVariant(b, variant) {
  const outdir = join(b.tmp, `what-if-${variant.id}`);
  const swaps = new Map(Object.entries(variant.swap).map(([path, fn]) => [resolve(b.repo, path), fn]));
  const swap = {
    name: 'swap',
    setup(on) {
      on.onLoad({ filter: /\.ts$/ }, (args) => {
        const rewrite = swaps.get(args.path);
        return rewrite ? { contents: rewrite(readFileSync(args.path, 'utf8')), loader: 'ts', resolveDir: resolve(args.path, '..') } : undefined;
      });
    },
  };
  await buildCli({ outdir: join(outdir, 'dist'), plugins: [swap], logLevel: 'silent', ...variant.build });
  // Started like the real one (bin/mkt.cjs through its shebang), so only the swapped code differs.
  const bin = join(outdir, 'bin/mkt.cjs');
  mkdirSync(dirname(bin));
  writeFileSync(bin, readFileSync(join(b.repo, 'bin/mkt.cjs')), { mode: 0o755 });
  return bin;
}
