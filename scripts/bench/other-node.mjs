// Another Node version for the rejected-cache rows: V8 turns the shipped code cache down when it was
// made by another V8, as after a Node upgrade. The official binary of the next even major comes from
// the npm registry (package node-<platform>-<arch>, the one the `node` package installs), fetched once
// into the user's cache dir. Only the bench uses it; no test and no user of mkt does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const OTHER_MAJOR = Number(process.versions.node.split('.')[0]) + 2;

/** `{ node, version }`, or `{ skipped }` saying why there is none. */
export function otherNode(log) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mkt-bench', `${pkg}-${OTHER_MAJOR}`);
  const node = join(dir, 'package', 'bin', 'node');
  if (!existsSync(node)) {
    log(`fetching Node ${OTHER_MAJOR} (${pkg}@${OTHER_MAJOR} from the npm registry) for the rejected-cache rows`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const packed = spawnSync('npm', ['pack', '--silent', `${pkg}@${OTHER_MAJOR}`], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    const tarball = packed.stdout?.trim().split('\n').at(-1);
    if (packed.status !== 0 || !tarball) return { skipped: `npm pack ${pkg}@${OTHER_MAJOR} failed: ${(packed.stderr || packed.error?.message || '').trim().split('\n')[0]}` };
    const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, stdio: 'ignore' });
    rmSync(join(dir, tarball), { force: true });
    if (untar.status !== 0 || !existsSync(node)) return { skipped: `${tarball} has no bin/node` };
  }
  const probe = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `${node} does not run here` };
  return { node, version: probe.stdout.trim() };
}
