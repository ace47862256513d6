// Bundles the CLI with esbuild. One file for the start-up path (fewer module look-ups);
// heavy parts (undici, enquirer, ora, the sandbox) stay in chunks loaded only when a command needs them.
// `buildOptions` is exported for scripts/bench (what-if builds); run as a script, it builds dist/.
//
// Two measured choices (docs/performance.md, "Build"):
// - commander is bundled, not external. From ESM, `import 'commander'` goes through Node's ESM→CommonJS
//   interop (package exports, cjs-module-lexer, six CommonJS files); bundled, it is plain code in the
//   run chunk. Every command but --version is ~3 ms faster.
// - @napi-rs/keyring is loaded with require(), not import(). Its loader is CommonJS, and through the ESM
//   interop it took ~20 ms more to load than through require() (3 ms). It stays a real dependency:
//   only a three-line shim is bundled, which requires the package at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** CommonJS code bundled into ESM output calls require() for built-ins: give every chunk a real one. */
const REQUIRE_BANNER = "import { createRequire as __mktCreateRequire } from 'node:module';\nconst require = __mktCreateRequire(import.meta.url);";

/** Packages imported from src but loaded at run time with require(), through a shim re-exporting their names. */
const VIA_REQUIRE = ['@napi-rs/keyring'];

const viaRequire = {
  name: 'via-require',
  setup(b) {
    const filter = new RegExp(`^(${VIA_REQUIRE.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
    const names = new Map();
    b.onResolve({ filter }, async ({ path }) => {
      // The names the package's ESM interop would expose. Where it cannot load on the build machine,
      // fall back to a plain external import (correct, only slower).
      if (!names.has(path)) names.set(path, await import(path).then((m) => Object.keys(m), () => undefined));
      if (!names.get(path)) return { path, external: true, warnings: [{ text: `${path} does not load here; left as a plain external import` }] };
      return { path, namespace: 'via-require' };
    });
    b.onLoad({ filter: /.*/, namespace: 'via-require' }, ({ path }) => {
      const exported = names.get(path).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        contents: `import { createRequire } from 'node:module';\nconst m = createRequire(import.meta.url)(${JSON.stringify(path)});\nexport default m;\nexport const { ${exported.join(', ')} } = m;\n`,
        loader: 'js',
      };
    });
  },
};

export const buildOptions = {
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['undici', 'ora', 'enquirer', 'chalk'],
  banner: { js: REQUIRE_BANNER },
  plugins: [viaRequire],
  sourcemap: 'linked',
  define: { __MKT_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
  await build({ ...buildOptions, absWorkingDir: fileURLToPath(new URL('..', import.meta.url)) });
}
