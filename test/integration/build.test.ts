import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { repoRoot } from '../helpers/bundle.js';

/** Loads `<dist>/run.cjs` the way bin/mkt.cjs does and says what became of its code cache. */
function cacheState(dist: string): string {
  const script = `const m = require(${JSON.stringify(join(dist, 'main.cjs'))}); process.stdout.write(m.loadBundle(require('node:path').join(${JSON.stringify(dist)}, m.RUN_BUNDLE)).cache);`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

const mktFrom = (bin: string, args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('the built CLI', () => {
  const copies = mkdtempSync(join(repoRoot, '.mkt-test-build-'));
  afterAll(() => rmSync(copies, { recursive: true, force: true }));

  /** A copy of bin/ and dist/ beside the repo's node_modules, to break without touching the real build. */
  function copyOfBuild(name: string): { bin: string; dist: string } {
    const root = join(copies, name);
    cpSync(join(repoRoot, 'bin'), join(root, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
    return { bin: join(root, 'bin', 'mkt.cjs'), dist: join(root, 'dist') };
  }

  it('starts with the code V8 compiled at build time, which this Node accepts', () => {
    // A cache V8 turns down only costs start-up time, silently: this is where it shows.
    expect(cacheState(join(repoRoot, 'dist'))).toBe('used');
  });

  it('is pure ASCII, so V8 holds its source as a one-byte string (a two-byte one loads ~1 ms slower)', () => {
    for (const file of ['main.cjs', 'run.cjs']) {
      const bytes = readFileSync(join(repoRoot, 'dist', file));
      expect(bytes.findIndex((b) => b > 0x7f), file).toBe(-1);
    }
  });

  it('still runs, compiling from source, when the code cache is missing or does not fit', () => {
    const missing = copyOfBuild('missing');
    rmSync(join(missing.dist, 'run.cjs.v8cache'));
    expect(cacheState(missing.dist)).toBe('absent');
    expect(mktFrom(missing.bin, ['--help'])).toMatch(/^Usage: mkt/);

    const garbage = copyOfBuild('garbage');
    writeFileSync(join(garbage.dist, 'run.cjs.v8cache'), Buffer.alloc(4096, 7));
    expect(cacheState(garbage.dist)).toBe('rejected');
    expect(mktFrom(garbage.bin, ['providers'])).toMatch(/ozon/);
  });

  it('prints --help, headers and status without creating process.stdout (no stream modules loaded)', () => {
    // Creating the stream loads Node's stream and net modules, ~3 ms of a ~50 ms start (src/cli/stdio.ts).
    const hook = join(copies, 'loaded-modules.cjs');
    writeFileSync(hook, "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.join('\\n')));");
    const env = { PATH: process.env.PATH, MKT_CONFIG_DIR: join(copies, 'config'), OZON_CLIENT_ID: '1', OZON_API_KEY: 'k' };
    for (const args of [['--help'], ['headers', 'ozon'], ['status'], ['--version']]) {
      const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { encoding: 'utf8', env });
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
      const loaded = r.stderr.split('\n');
      expect(loaded, args.join(' ')).toContain('NativeModule fs');
      expect(loaded, args.join(' ')).not.toContain('NativeModule stream');
      expect(loaded, args.join(' ')).not.toContain('NativeModule net');
    }
  });

  it('answers --version without loading the bundle', () => {
    const broken = copyOfBuild('no-bundle');
    rmSync(join(broken.dist, 'run.cjs'));
    expect(mktFrom(broken.bin, ['--version'])).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(mktFrom(BIN, ['--version'])).toBe(mktFrom(broken.bin, ['--version']));
  });
});
