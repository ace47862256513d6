// Bundles the CLI with esbuild. One file for the start-up path (fewer module look-ups);
// heavy parts (undici, enquirer, ora, the sandbox) stay in chunks loaded only when a command needs them.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@napi-rs/keyring', 'undici', 'ora', 'enquirer', 'chalk', 'commander'],
  sourcemap: 'linked',
  define: { __MKT_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
