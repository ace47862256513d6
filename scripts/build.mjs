// Builds the CLI with esbuild into dist/:
//   main.cjs          the entry bin/mkt.cjs calls: answers --version, else loads run.cjs
//   run.cjs           everything else, src and commander bundled into one CommonJS file
//   run.cjs.v8cache   V8's compiled code for run.cjs, made by running a few offline commands once
//                     (scripts/code-cache.mjs); loaded by src/cli/code-cache.ts
//   complete.cjs      the answer to the completion scripts' `mkt __complete …` (src/cli/completion/entry.ts)
//   status.cjs        `mkt status` with plain arguments, without commander (src/cli/status-entry.ts)
//   whoami.cjs        `mkt whoami` with plain arguments, without commander (src/cli/whoami-entry.ts); with its code cache
//   commands.json     the command definitions as commander holds them (src/cli/completion/spec.ts), for complete.cjs
//   mkt.1             the man page, written from the same definitions (package.json "man": `man mkt`)
// No source maps: Node never reads one for run.cjs, which is loaded through vm.Script (not even with
// --enable-source-maps), and the bundle is not minified: a stack trace's `dist/run.cjs:LINE` is readable
// code under a `// src/<file>.ts` comment naming where it came from.
//   catalog/          the endpoint catalog's index (src/catalog/index/, made by scripts/catalog.mjs), copied
//                     as it is: read by src/catalog/load.ts only when a command needs it, so never bundled
// ora, enquirer, @napi-rs/keyring and @modelcontextprotocol/sdk (mkt mcp) stay real dependencies, required when a command needs them.
// `buildCli` is exported for scripts/bench (what-if builds); run as a script, this builds dist/.
//
// Measured choices (docs/performance.md, "Where the start-up time went"):
// - CommonJS, not ESM: a CommonJS entry skips Node's ESM loader (~5 ms on every command), and only a
//   CommonJS bundle can be given a V8 code cache on Node 20 (vm.Script cachedData; there is no
//   module.enableCompileCache before Node 22). One bundle, not chunks: esbuild splits only ESM, and
//   two bundles sharing a module would each have their own copy of its classes (instanceof breaks).
//   Lazy parts (sandbox, call runner, stores, HTTP clients) still run their module code only on use.
// - commander is bundled, not external: plain code in the bundle, covered by the code cache.
// - Lazy packages are loaded with require(), not import() (see viaRequire): through the ESM interop the
//   CommonJS loader of @napi-rs/keyring took ~20 ms more than through require() (3 ms).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Packages src loads lazily, with import(); they stay real dependencies, required when first used. */
const EXTERNAL = ['ora', 'enquirer', '@napi-rs/keyring', '@modelcontextprotocol/sdk'];

/**
 * Every import() of a package or built-in becomes require(). The bundle runs from V8's code cache, and
 * on Node 20 code from a cache has no loader for import() ("A dynamic import callback was not
 * specified"); require() of an ES module (ora) works from Node 20.19 on. The shim exports what
 * import() would: the names the package has here at build time, and as default the ES module's default
 * export or the CommonJS module.exports.
 */
const viaRequire = {
  name: 'via-require',
  setup(b) {
    const names = new Map();
    b.onResolve({ filter: /^[^./]/ }, async ({ path, kind }) => {
      if (kind !== 'dynamic-import') return undefined;
      if (!names.has(path)) names.set(path, Object.keys(await import(path)).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k)));
      return { path, namespace: 'via-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'via-require' }, ({ path }) => ({
      contents: [
        `const m = require(${JSON.stringify(path)});`,
        "export default m?.[Symbol.toStringTag] === 'Module' ? m.default : m;",
        `export const { ${names.get(path).join(', ')} } = m;`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** The check behind viaRequire: an import() left in the bundle would fail only at run time. */
const noImportCalls = {
  name: 'no-import-calls',
  setup(b) {
    b.onEnd((result) => {
      for (const file of result.outputFiles ?? []) {
        const at = /\bimport\(/.exec(file.text);
        if (at) result.errors.push({ text: `import() left in ${file.path} (near "${file.text.slice(at.index - 40, at.index + 30)}"): it cannot run from the code cache` });
      }
    });
  },
};

/**
 * commander requires node:child_process when it loads (~2 ms of every start-up), for executable
 * subcommands, which mkt does not have. In the bundle that require waits until first use.
 */
const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`${path} no longer has "${eager}": update lazyChildProcessInCommander in scripts/build.mjs`);
      const lazy = "let childProcessModule;\nconst childProcess = new Proxy({}, { get: (_, name) => (childProcessModule ??= require('node:child_process'))[name] });";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  define: { __MKT_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

/**
 * Bundles into `outdir`, then writes run.cjs's code cache (unless `codeCache: false`). `plugins` go before the build's own.
 * run.cjs first: main.cjs carries its hash, the key of the per-user code cache (src/cli/local-code-cache.ts).
 */
export async function buildCli({ outdir = join(ROOT, 'dist'), plugins = [], logLevel = common.logLevel, codeCache = true } = {}) {
  outdir = resolve(outdir);
  const run = await build({ ...common, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/run.ts'], outfile: join(outdir, 'run.cjs'), plugins: [...plugins, viaRequire, lazyChildProcessInCommander, noImportCalls], write: false });
  const [bundle] = await writeOutputs(run);
  const whoami = await build({ ...common, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/whoami-entry.ts'], outfile: join(outdir, 'whoami.cjs'), plugins: [...plugins, viaRequire, noImportCalls], write: false });
  const [whoamiBundle] = await writeOutputs(whoami);
  const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
  const define = { ...common.define, __MKT_BUNDLE_HASH__: JSON.stringify(hash(bundle)), __MKT_WHOAMI_HASH__: JSON.stringify(hash(whoamiBundle)) };
  await build({ ...common, define, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'main.cjs'), plugins });
  await writeOutputs(await build({ ...common, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/completion/entry.ts'], outfile: join(outdir, 'complete.cjs'), plugins: [...plugins, noImportCalls], write: false }));
  await writeOutputs(await build({ ...common, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/status-entry.ts'], outfile: join(outdir, 'status.cjs'), plugins: [...plugins, viaRequire, noImportCalls], write: false }));
  await writeCommandDefinitions(outdir, logLevel);
  // An earlier build's cache must not be loaded while training this one: V8 checks only the source's
  // length, and would run the old code for a new bundle of the same size.
  for (const name of ['run.cjs', 'status.cjs', 'whoami.cjs']) rmSync(join(outdir, `${name}.v8cache`), { force: true });
  cpSync(join(ROOT, 'src/catalog/index'), join(outdir, 'catalog'), { recursive: true });
  if (!codeCache) return outdir;
  // A separate, flag-free process: V8 accepts a cache only from the same Node version and flags
  // (NODE_OPTIONS too: a --max-old-space-size there would make a cache no plain `mkt` can use). And
  // none of the builder's environment: an MKT_PROFILE or a provider's variable there would change
  // what the training runs do, or fail them.
  const env = { PATH: process.env.PATH ?? '', ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) };
  execFileSync(process.execPath, [join(ROOT, 'scripts/code-cache.mjs'), outdir], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 120_000 });
  return outdir;
}

/**
 * commands.json and mkt.1 from the program as src/cli/program.ts builds it (src/cli/completion/snapshot.ts,
 * bundled and run here once, then deleted): what completion and `man mkt` say is what commander holds.
 * The page's date is the build's, or SOURCE_DATE_EPOCH's for a reproducible build.
 */
async function writeCommandDefinitions(outdir, logLevel) {
  const snapshot = join(outdir, '.snapshot.cjs');
  await build({ ...common, logLevel, absWorkingDir: ROOT, entryPoints: ['src/cli/completion/snapshot.ts'], outfile: snapshot });
  try {
    const epoch = Number(process.env.SOURCE_DATE_EPOCH);
    const { spec, man } = createRequire(import.meta.url)(snapshot).programSnapshot(Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date());
    await writeFile(join(outdir, 'commands.json'), `${JSON.stringify(spec)}\n`);
    await writeFile(join(outdir, 'mkt.1'), man);
  } finally {
    rmSync(snapshot, { force: true });
  }
}

/**
 * Writes the bundle pure ASCII. esbuild escapes strings already; the comments it keeps (`→` in the
 * sandbox's) would make the whole 300 KB source a two-byte string in V8, and loading it ~1 ms slower
 * (measured with the code cache). A \u escape means the same inside a comment as in a string.
 * Returns the texts written.
 */
async function writeOutputs({ outputFiles }) {
  const texts = [];
  for (const file of outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const ascii = file.text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    await writeFile(file.path, ascii);
    texts.push(ascii);
  }
  return texts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  await buildCli();
}
