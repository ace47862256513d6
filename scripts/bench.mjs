#!/usr/bin/env node
// `npm run bench`: the performance targets of mkt, measured side by side against `node -e 0`, HTTPie
// and curl on the local sandbox. Prints a Markdown table of medians and ratios; exits 1 when a target
// is missed (unless --no-fail), 2 when the bench itself could not run. See docs/performance.md.
//
//   node scripts/bench.mjs [--quick] [--no-fail] [--only startup,terminal,paginate,raw,agency,growth-pages] [--what-if]
//   MKT_BENCH_RUNNER=own   use the built-in runner even where hyperfine is installed
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hyperfineVersion } from './bench/runner.mjs';
import { ensureHttpie, makeTmp, startKeychain, startSandboxProcess, writeCurlLoop, writeRssHook } from './bench/setup.mjs';
import { startupRows } from './bench/startup.mjs';
import { startupEdgeRows } from './bench/startup-edges.mjs';
import { PAGE_LIMIT, PAGES, paginateRows, rawRows } from './bench/heavy.mjs';
import { machineFacts, markdownTable, verdict } from './bench/report.mjs';
import { whatIfRows } from './bench/what-if.mjs';
import { agencyRows } from './bench/agency.mjs';
import { growthRows } from './bench/growth-pages.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = new Set((onlyArg ?? 'startup,terminal,paginate,raw,agency,growth-pages').split(','));
const quick = flag('--quick');
const unknown = args.filter((a, i) => !['--quick', '--no-fail', '--what-if', '--only', '--help'].includes(a) && !a.startsWith('--only=') && args[i - 1] !== '--only');
if (unknown.length || flag('--help')) {
  process.stderr.write(`usage: node scripts/bench.mjs [--quick] [--no-fail] [--only startup,terminal,paginate,raw,agency,growth-pages] [--what-if]\n`);
  process.exit(unknown.length ? 2 : 0);
}

// raw: a pair of 500 MB runs takes ~1.5 s, so it can afford the runs a noisy ratio needs.
const runs = quick ? { warmup: 2, startup: 10, heavy: 1, raw: 3, pages: 1 } : { warmup: 3, startup: 30, heavy: 3, raw: 9, pages: 5 };
const version = (cmd, a = ['--version']) => {
  try {
    return execFileSync(cmd, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return undefined;
  }
};

function mktCommand() {
  const bin = join(repo, 'bin/mkt.cjs');
  try {
    accessSync(bin, constants.X_OK);
    return [bin];
  } catch {
    return [process.execPath, bin];
  }
}

/**
 * The user's env without any credential or mkt setting, and a config dir of our own; a code cache dir
 * too, so a per-user cache another run left (src/cli/local-code-cache.ts) is not what gets timed.
 */
function cleanEnv(tmp) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OZON_|YANDEX_|OZZIE_|WB_|MKT_)/.test(k)));
  const configDir = join(tmp, 'config');
  mkdirSync(configDir);
  return { ...env, MKT_CONFIG_DIR: configDir, MKT_CACHE_DIR: join(tmp, 'cache') };
}

const log = (s) => process.stderr.write(`bench: ${s}\n`);

async function main() {
  const tmp = makeTmp(repo);
  const cleanup = [async () => tmp.dispose()];
  const runCleanup = async () => {
    for (const fn of cleanup.splice(0)) await fn().catch((err) => log(`cleanup: ${err.message}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void runCleanup().then(() => process.exit(130));
    });
  }
  try {
    const hf = hyperfineVersion();
    if (only.has('startup')) ensureHttpie(log);
    const httpie = version('http');
    const b = {
      repo, tmp: tmp.dir, runs, mkt: mktCommand(), env: cleanEnv(tmp.dir),
      runner: { hyperfine: hf !== undefined }, httpie: httpie !== undefined,
    };
    log(`starting the sandbox (${PAGES * PAGE_LIMIT} products)`);
    // WB's /ping limit (3 per 30 s) would answer most of the timed `whoami wb` runs with a 429.
    b.sandbox = await startSandboxProcess(repo, tmp.dir, { products: PAGES * PAGE_LIMIT, ozonRatePerSecond: 1_000_000, wbPingLimit: 1_000_000 });
    cleanup.unshift(() => b.sandbox.stop());
    b.curlLoop = writeCurlLoop(tmp.dir);
    b.rssHook = writeRssHook(tmp.dir);
    const rows = [];
    if (only.has('startup')) {
      log('starting a private Secret Service for the keychain row');
      b.keychain = await startKeychain({ repo, tmp: tmp.dir, mkt: b.mkt, baseEnv: b.env, ozon: b.sandbox.credentials.ozon.valid });
      if (b.keychain.stop) cleanup.unshift(b.keychain.stop);
      else log(`keychain row skipped: ${b.keychain.skipped}`);
      log(`start-up: ${runs.startup} runs after ${runs.warmup} warm-up, with ${hf ?? 'the built-in runner'}`);
      rows.push(...(await startupRows(b)));
    }
    // On a terminal, and with the shipped code cache rejected (scripts/bench/startup-edges.mjs).
    if (only.has('terminal')) rows.push(...(await startupEdgeRows(b, log)));
    if (only.has('paginate')) {
      log(`--paginate: ${PAGES} pages, ${runs.pages} pair(s) of runs after a short warm-up`);
      rows.push(...(await paginateRows(b)));
    }
    // ~2 min in a full run (2 GB through a pipe; --quick stops at 1 GB).
    if (only.has('growth-pages')) rows.push(...(await growthRows(b, { quick, log })));
    if (only.has('raw')) {
      log(`--raw: 500 MB, ${runs.raw} pairs of runs after a warm-up`);
      rows.push(...(await rawRows(b)));
    }
    if (only.has('agency')) rows.push(...(await agencyRows(b, log)));
    const facts = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: `${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Linux ${release()}`,
      node: process.version,
      runner: `${hf ?? 'built-in interleaved runner'}${quick ? ', --quick' : ''}`,
      references: [version('curl')?.split(' ').slice(0, 2).join(' '), httpie ? `HTTPie ${httpie}` : 'HTTPie not installed'].filter(Boolean).join(', '),
    };
    process.stdout.write(`${machineFacts(facts)}\n\n${markdownTable(rows)}\n`);
    const missed = rows.filter((r) => verdict(r) === 'MISSED');
    const skipped = rows.filter((r) => verdict(r) === 'skipped');
    process.stdout.write(`\n${rows.length - missed.length - skipped.length} met, ${missed.length} missed, ${skipped.length} skipped\n`);
    if (flag('--what-if')) {
      const whatIf = await whatIfRows(b, log);
      process.stdout.write(`\nWhat-if builds (not targets: src swapped at bundle time only, src/ untouched):\n\n${markdownTable(whatIf)}\n`);
    }
    return missed.length && !flag('--no-fail') ? 1 : 0;
  } finally {
    await runCleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err.stack ?? err}\n`);
    process.exit(2);
  },
);
