import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { FAKES, type FakeId } from '../../src/sandbox/fakes.js';
import { builtInProviders } from '../../src/providers/index.js';

/** The built-in ids as "known: …" lists them (the registry's order). */
export const KNOWN_IDS: readonly string[] = builtInProviders.map((p) => p.id);

export const BIN = fileURLToPath(new URL('../../bin/mkt.cjs', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** Runs the built CLI as a separate process, as a user or a CI job would. */
export function runMkt(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runNode([BIN, ...args], opts);
}

/** `node ARGS` as runMkt runs the CLI: the same environment, input and time limit (another copy of bin/, a bundle run straight). */
export function runNode(nodeArgs: string[], opts: RunOptions = {}): Promise<RunResult> {
  const shown = nodeArgs.map((a) => (a === BIN ? 'mkt' : a)).join(' ');
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ PATH: process.env.PATH, LANG: 'C.UTF-8', ...opts.env })) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, nodeArgs, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${shown} did not finish in ${opts.timeoutMs ?? 20_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh config dir (and HOME) per test, removed afterwards. */
export function tempHome(): { dir: string; env: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mkt-test-'));
  return {
    dir,
    env: { HOME: dir, MKT_CONFIG_DIR: join(dir, 'config'), XDG_CONFIG_HOME: join(dir, 'xdg') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The check every secret-handling test makes: the value is nowhere in what the user saw. */
export function expectNoSecret(result: RunResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdout, 'secret in stdout').not.toContain(secret);
    expect(result.stderr, 'secret in stderr').not.toContain(secret);
  }
}

/** Not even a piece of the secret: every `size`-character window of it is absent (cut-off keys leak too). */
export function expectNoPieceOf(result: RunResult, secret: string, size = 8): void {
  for (let i = 0; i + size <= secret.length; i++) expectNoSecret(result, secret.slice(i, i + size));
}

/** runMkt with `base` under each env; after each test, every result it saw is checked for any piece of `secret`. */
export function watchedMkt(base: Record<string, string>, secret: string) {
  const seen: RunResult[] = [];
  // After each test, not after all: a failing afterAll would skip the clean-up hooks after it.
  afterEach(() => seen.splice(0).forEach((r) => expectNoPieceOf(r, secret)));
  return async (args: string[], env: Record<string, string> = {}, input = ''): Promise<RunResult> => {
    const r = await runMkt(args, { env: { ...base, ...env }, input });
    seen.push(r);
    return r;
  };
}

/** One clear line (plus optional indented hints) on stderr. */
export function expectOneLineError(result: RunResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^mkt: /);
  expect(lines[0]).toMatch(pattern);
  for (const extra of lines.slice(1)) expect(extra).toMatch(/^ {2}\S/);
  expect(result.stderr).not.toMatch(/\n\s+at .*\(/);
}

/** Every fake's base-URL variable pointed at the sandbox (the list is src/sandbox/fakes.ts). */
export function sandboxEnv(baseUrls: Readonly<Record<FakeId, string>>): Record<string, string> {
  return Object.fromEntries(FAKES.map((f) => [f.baseUrlEnv, baseUrls[f.id]]));
}
