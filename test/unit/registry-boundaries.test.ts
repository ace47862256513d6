import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInProviders } from '../../src/providers/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ids = builtInProviders.map((p) => p.id);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts')) yield relative(ROOT, path);
  }
}

/** Code without its comments: a comment may say "Ozon answers 404 here" to explain why. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** A provider's own files (its module, its sandbox fake, its catalog list) and the registries that list them. */
function mayName(file: string): boolean {
  const base = file.split('/').pop()!;
  if (/^src\/(providers|sandbox|catalog)\//.test(file) && ids.some((id) => base.startsWith(`${id}.`) || base.startsWith(`${id}-`))) return true;
  return ['src/providers/index.ts', 'src/sandbox/fakes.ts', 'src/catalog/sources.ts'].includes(file);
}

describe('the registry is the only place that lists the built-in providers', () => {
  it('no file of src/ outside a provider\'s own files and the registries names a built-in id', () => {
    const word = new RegExp(`\\b(${ids.join('|')})\\b`, 'i');
    const found: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      if (mayName(file)) continue;
      withoutComments(readFileSync(join(ROOT, file), 'utf8')).split('\n').forEach((line, i) => {
        if (word.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('providers import nothing from the layers above them', () => {
    const upward: string[] = [];
    for (const file of files(join(ROOT, 'src/providers'))) {
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)) upward.push(`${file}: ${m[1]}`);
    }
    expect(upward).toEqual([]);
  });

  it('core never imports a concrete provider or the built-in list: it is given the registry (Context)', () => {
    const concrete: string[] = [];
    const named = new RegExp(`^(index|${ids.join('|')})[.-]`);
    for (const file of files(join(ROOT, 'src/core'))) {
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/^import (type )?.*from '\.\.\/providers\/([^']+)'/gm)) {
        if (!m[1] && named.test(m[2]!)) concrete.push(`${file}: ${m[2]}`);
      }
    }
    expect(concrete).toEqual([]);
  });
});
