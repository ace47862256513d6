// Times commands: hyperfine (Debian package) when present, else a small interleaved runner of our own.
// Every command is an argv array; times come back in milliseconds, one array per command.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** hyperfine's version string, or undefined when it is not installed (or MKT_BENCH_RUNNER=own). */
export function hyperfineVersion() {
  if (process.env.MKT_BENCH_RUNNER === 'own') return undefined;
  try {
    return execFileSync('hyperfine', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Quotes one argument for hyperfine's shell-words splitting (it runs with -N: no shell). */
const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

/**
 * Runs `commands` side by side. `opts`: { env, warmup, runs, tmp, hyperfine }.
 * Resolves to `[{ argv, times: number[], cpu?: number[] }]` in the same order (cpu = user + system,
 * only from hyperfine: it is far less disturbed by a busy machine than wall time).
 */
export async function timeCommands(commands, opts) {
  return opts.hyperfine ? viaHyperfine(commands, opts) : viaOwnRunner(commands, opts);
}

/**
 * hyperfine runs all of one command, then all of the next: on a noisy machine a slow phase lands on one
 * command only. So the runs are split into rounds of at most ROUND runs, every command once per round.
 */
const ROUND = 5;

async function viaHyperfine(commands, { env, warmup, runs, tmp }) {
  const times = commands.map(() => []);
  // hyperfine exports only the mean CPU time per command: kept per round, one entry per run.
  const cpu = commands.map(() => []);
  for (let done = 0, round = 0; done < runs; round++) {
    const n = Math.min(ROUND, runs - done);
    const out = join(tmp, `hyperfine-${process.pid}-${round}.json`);
    const args = ['-N', '--style', 'none', '--warmup', String(round === 0 ? warmup : 1), '--runs', String(n), '--export-json', out, ...commands.map((argv) => argv.map(quote).join(' '))];
    await exec('hyperfine', args, { env });
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    results.forEach((r, i) => {
      times[i].push(...r.times.map((s) => s * 1000));
      cpu[i].push(...r.times.map(() => (r.user + r.system) * 1000));
    });
    done += n;
  }
  return commands.map((argv, i) => ({ argv, times: times[i], cpu: cpu[i] }));
}

/** Round-robin: a slow phase of the machine hits every command, not just the one running then. */
async function viaOwnRunner(commands, { env, warmup, runs }) {
  const times = commands.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, argv] of commands.entries()) {
      const { ms } = await runOnce(argv, { env });
      if (round >= warmup) times[i].push(ms);
    }
  }
  return commands.map((argv, i) => ({ argv, times: times[i] }));
}

/**
 * Spawns one command and waits for it; stdout is discarded (or counted with `countStdout`), stderr kept
 * for the error message. Rejects on a non-zero exit. Resolves `{ ms, bytes, stderr }`.
 */
export function runOnce(argv, { env, countStdout = false, keepStdout = false }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', countStdout || keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    let bytes = 0;
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      bytes += chunk.length;
      if (keepStdout) stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited with ${code ?? signal}: ${stderr.trim() || '(no stderr)'}`));
      else resolve({ ms, bytes, stdout, stderr });
    });
  });
}

function exec(cmd, args, { env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`hyperfine failed (${code}): ${stderr.trim()}`))));
  });
}

/** Start-up commands timed together in the bench's usual rounds (`b.runs.startup` after `b.runs.warmup`), each with its median. */
export async function timeStartup(b, env, commands) {
  const results = await timeCommands(commands, { env, warmup: b.runs.warmup, runs: b.runs.startup, tmp: b.tmp, hyperfine: b.runner.hyperfine });
  return results.map((r) => ({ ...r, median: median(r.times) }));
}

/** A row comparing `results[index]` with `results[refIndex]` (medians, and CPU time where measured) against `≤ limit`. */
export function ratioRow(label, results, index, limit, refIndex, refLabel) {
  const mkt = results[index].median;
  const ref = results[refIndex].median;
  const cpu = results[index].cpu && `CPU time ${(median(results[index].cpu) / median(results[refIndex].cpu)).toFixed(2)}×`;
  return { label, mkt, ref, refLabel, ratio: mkt / ref, target: { op: '≤', value: limit }, runs: results[index].times.length, note: cpu };
}
