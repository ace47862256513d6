#!/usr/bin/env node
// `npm run catalog -- <spec files...> [--out <dir>]`: turns each provider's OpenAPI spec (JSON) into
// the compact index mkt ships, src/catalog/index/<provider>.json (docs/catalog.md). The generator is
// src/catalog/generate.ts, bundled here on the fly: `mkt api --spec` runs the same code on a newer spec.
// A spec with a licence file beside it (`<name>.LICENSE`) gets that licence copied next to its index
// and a notice inside it. Exit codes: 0 written, 2 bad arguments or a spec it cannot use.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run catalog -- <spec.json...> [--out <dir>]';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : join(ROOT, 'src/catalog/index');
const specs = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args;
if (!specs.length || !out || specs.some((s) => s.startsWith('-'))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

async function loadGenerator() {
  const { outputFiles } = await build({
    stdin: { contents: "export { generateCatalog } from './src/catalog/generate.ts'; export { pack } from './src/catalog/compact.ts';", resolveDir: ROOT, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/** The copyright line of a licence file beside the spec, as the notice the index carries. */
function noticeFor(specFile, spec, provider) {
  const licence = specFile.replace(/\.json$/, '.LICENSE');
  if (!existsSync(licence)) return undefined;
  const copyright = readFileSync(licence, 'utf8').split('\n').find((l) => /copyright/i.test(l))?.trim();
  const name = spec.info?.license?.name ?? 'see the licence';
  return { licence, text: `Derived from ${basename(specFile)}: ${copyright ?? 'see the licence'}. ${name}: the full licence is ${provider}.LICENSE beside this file.` };
}

/** One operation a line: a new spec's index is reviewed as a diff of the operations that changed. */
const serialise = ({ ops, ...head }) => `${JSON.stringify(head).slice(0, -1)},"ops":[\n${ops.map((op) => JSON.stringify(op)).join(',\n')}\n]}\n`;

const { generateCatalog, pack } = await loadGenerator();
mkdirSync(out, { recursive: true });
for (const file of specs) {
  let spec;
  try {
    spec = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`catalog: ${file}: ${err.code === 'ENOENT' ? 'no such file' : 'not a JSON spec'}\n`);
    process.exit(2);
  }
  let catalog;
  try {
    catalog = generateCatalog(spec, { file: basename(file) });
  } catch (err) {
    process.stderr.write(`catalog: ${err.message}\n`);
    process.exit(2);
  }
  const notice = noticeFor(file, spec, catalog.provider);
  if (notice) {
    const copy = join(out, `${catalog.provider}.LICENSE`);
    copyFileSync(notice.licence, copy);
    chmodSync(copy, 0o644); // the source may be read-only; the next run overwrites the copy
  }
  const text = serialise(pack({ ...catalog, ...(notice ? { notice: notice.text } : {}) }));
  writeFileSync(join(out, `${catalog.provider}.json`), text);
  const reads = catalog.operations.filter((op) => op.reads).length;
  process.stdout.write(`${catalog.provider}: ${catalog.operations.length} operations (${reads} read-only) from ${basename(file)} → ${join(out, `${catalog.provider}.json`)}, ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB\n`);
}
