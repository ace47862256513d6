import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { repoRoot } from '../helpers/bundle.js';

/** Loads `<dist>/run.cjs` the way bin/mkt.cjs does and says what became of its code cache. */
function cacheState(dist: string): string {
  const script = `const m = require(${JSON.stringify(join(dist, 'main.cjs'))}); process.stdout.write(m.loadBundle(require('node:path').join(${JSON.stringify(dist)}, m.RUN_BUNDLE)).cache);`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

describe('the built CLI', () => {
  const copies = mkdtempSync(join(repoRoot, '.mkt-test-build-'));
  afterAll(() => rmSync(copies, { recursive: true, force: true }));
  // A cache turned down (the garbage one below) makes mkt write one of its own: here, not in ~/.cache.
  const mktFrom = (bin: string, args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, MKT_CACHE_DIR: join(copies, 'cache') } });

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
    for (const file of ['main.cjs', 'run.cjs', 'complete.cjs']) {
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

  it('a shipped cache this Node turns down (another version, say) is replaced by one of its own, a missing one is not', () => {
    const debug = (bin: string, dir: string) => spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, MKT_CACHE_DIR: join(copies, dir), MKT_DEBUG_CACHE: '1' } }).stderr;
    const garbage = copyOfBuild('garbage-shipped');
    writeFileSync(join(garbage.dist, 'run.cjs.v8cache'), Buffer.alloc(4096, 7));
    expect(debug(garbage.bin, 'cache-garbage')).toMatch(/^mkt: code cache: shipped rejected; wrote /);
    expect(debug(garbage.bin, 'cache-garbage')).toBe('mkt: code cache: local used\n');
    // A build without a cache (what-if builds time exactly that) stays without one.
    const missing = copyOfBuild('missing-shipped');
    rmSync(join(missing.dist, 'run.cjs.v8cache'));
    expect(debug(missing.bin, 'cache-missing')).toBe('mkt: code cache: shipped absent\n');
    expect(debug(missing.bin, 'cache-missing')).toBe('mkt: code cache: shipped absent\n');
  });

  it('prints --help, headers and status without creating process.stdout (no stream modules loaded)', () => {
    // Creating the stream loads Node's stream and net modules, ~3 ms of a ~50 ms start (src/cli/stdio.ts).
    const hook = join(copies, 'loaded-modules.cjs');
    writeFileSync(hook, "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.join('\\n')));");
    const env = { PATH: process.env.PATH, MKT_CONFIG_DIR: join(copies, 'config'), MKT_CACHE_DIR: join(copies, 'cache'), OZON_CLIENT_ID: '1', OZON_API_KEY: 'k' };
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

  it('a stack trace of an internal error leads to the source: function names, and lines under a `// src/` comment', () => {
    // There is no source map (Node would not read one for a bundle run through vm.Script): the trace must do without.
    const fault = join(copies, 'fault.cjs');
    writeFileSync(fault, "const s = JSON.stringify; JSON.stringify = function (v, ...r) { if (Array.isArray(v) && v[0]?.id === 'ozon') throw new TypeError('injected fault'); return s.call(this, v, ...r); };");
    const r = spawnSync(process.execPath, [BIN, 'providers', '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH, MKT_DEBUG: '1', MKT_CACHE_DIR: join(copies, 'cache'), NODE_OPTIONS: `--require=${fault}` } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mkt: internal error: injected fault$/m);
    const line = Number(/\(.*[\\/]dist[\\/]run\.cjs:(\d+):\d+\)/.exec(r.stderr)?.[1]);
    const bundle = readFileSync(join(repoRoot, 'dist', 'run.cjs'), 'utf8').split('\n');
    expect(bundle[line - 1]).toContain('JSON.stringify(list.map(');
    const source = bundle.slice(0, line).reverse().map((l) => /^\/\/ (src\/\S+\.ts)$/.exec(l)?.[1]).find(Boolean);
    expect(source).toBe('src/cli/commands/providers.ts');
    expect(readFileSync(join(repoRoot, source!), 'utf8')).toContain('JSON.stringify(list.map(');
  });
});

describe('the package (npm pack)', () => {
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
  const files = pack[0]!.files.map((f) => f.path);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('holds the licence, the README, the docs and the build; no source map, no source or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/mkt.cjs', 'dist/main.cjs', 'dist/run.cjs', 'dist/run.cjs.v8cache']));
    expect(files).toEqual(expect.arrayContaining(readdirSync(join(repoRoot, 'docs')).map((page) => `docs/${page}`)));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => !/^(LICENSE|README\.md|package\.json|(bin|dist|docs)\/.+)$/.test(f))).toEqual([]);
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the mkt authors\n/);
  });

  it("says where it comes from, so the README's docs links resolve from the registry's page", () => {
    expect(manifest).toMatchObject({ license: 'MIT', homepage: expect.stringMatching(/^https:\/\//), repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//) }, bugs: { url: expect.stringMatching(/^https:\/\//) } });
    for (const [, page] of readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]+)/g)) expect(files, page).toContain(page);
  });

  it('help that points at the docs names a file the package ships', () => {
    const help = execFileSync(process.execPath, [BIN, 'sandbox', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    const page = /(\S+[\\/]docs[\\/]sandbox\.md)/.exec(help)?.[1];
    expect(page, help).toBeDefined();
    expect(existsSync(page!)).toBe(true);
    expect(files).toContain(relative(repoRoot, page!).split('\\').join('/'));
  });
});
