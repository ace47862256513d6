#!/usr/bin/env node
// `npm run docs`: writes the generated tables of docs/configuration.md (scripts/config-docs.ts) from
// their declarations in src/. esbuild bundles the TypeScript in memory: nothing is left on disk.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bundle = await build({ absWorkingDir: ROOT, entryPoints: ['scripts/config-docs.ts'], bundle: true, write: false, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
const { CONFIG_DOCS, withGeneratedTables } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const path = join(ROOT, CONFIG_DOCS);
const before = readFileSync(path, 'utf8');
const after = withGeneratedTables(before);
if (after !== before) writeFileSync(path, after);
process.stdout.write(`${CONFIG_DOCS}: ${after === before ? 'up to date' : 'tables rewritten'}\n`);
