/**
 * Child processes must run the real src code, but there is no TypeScript loader for plain `node`:
 * esbuild bundles a small script into the repo (so node_modules resolves), and the test spawns node on it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Bundle {
  file: string;
  dispose(): Promise<void>;
}

/** `source` is TypeScript with imports relative to the repo root, e.g. `./src/store/lock.ts`. */
export async function bundleScript(source: string): Promise<Bundle> {
  const dir = await mkdtemp(join(repoRoot, '.mkt-test-'));
  const file = join(dir, 'script.mjs');
  await build({
    stdin: { contents: source, resolveDir: repoRoot, loader: 'ts', sourcefile: 'script.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: file,
    logLevel: 'silent',
  });
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runNode(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
