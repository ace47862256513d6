import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('answers --version without loading the bundle', () => {
    const broken = copyOfBuild('no-bundle');
    rmSync(join(broken.dist, 'run.cjs'));
    expect(mktFrom(broken.bin, ['--version'])).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(mktFrom(BIN, ['--version'])).toBe(mktFrom(broken.bin, ['--version']));
  });
});
