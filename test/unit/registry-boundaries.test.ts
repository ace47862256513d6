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

/**
 * The id whose files these are (its module, its sandbox fake, its catalog list): the longest id the
 * file name starts with, so `ozon-performance-fake.ts` is Ozon Performance's, `ozon-pages.ts` Ozon's.
 */
function ownerOf(file: string): string | undefined {
  const base = file.split('/').pop()!;
  if (!/^src\/(providers|sandbox|catalog)\//.test(file)) return undefined;
  return [...ids].sort((a, b) => b.length - a.length).find((id) => base.startsWith(`${id}.`) || base.startsWith(`${id}-`));
}

const REGISTRIES = ['src/providers/index.ts', 'src/sandbox/fakes.ts', 'src/catalog/sources.ts'];

/** Longest first, so `ozon-performance` is read as one id, not as `ozon` followed by a word. */
const ID_WORD = new RegExp(`\\b(${[...ids].sort((a, b) => b.length - a.length).join('|')})\\b`, 'gi');

/**
 * The ids a file may name: every one in a registry; its own (and the ids its own is made of: Ozon
 * Performance's files say "Ozon", api-performance.ozon.ru) in a provider's own files; none elsewhere.
 */
function mayName(file: string, id: string): boolean {
  if (REGISTRIES.includes(file)) return true;
  const owner = ownerOf(file);
  return owner !== undefined && (owner === id || owner.split('-').includes(id));
}

describe('the registry is the only place that lists the built-in providers', () => {
  it('no file of src/ names a built-in id outside its own provider\'s files and the registries', () => {
    const found: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      withoutComments(readFileSync(join(ROOT, file), 'utf8')).split('\n').forEach((line, i) => {
        for (const [word] of line.matchAll(ID_WORD)) if (!mayName(file, word.toLowerCase())) found.push(`${file}:${i + 1}: ${word}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('each id owns exactly its files: a name shared by two ids goes to the longer', () => {
    expect(ownerOf('src/providers/ozon-performance.ts')).toBe('ozon-performance');
    expect(ownerOf('src/sandbox/ozon-performance-fake.ts')).toBe('ozon-performance');
    expect(ownerOf('src/providers/ozon-pages.ts')).toBe('ozon');
    expect(ownerOf('src/sandbox/ozon.ts')).toBe('ozon');
    expect(ownerOf('src/cli/ozon-notes.ts')).toBeUndefined();
    expect(mayName('src/providers/ozon.ts', 'ozon-performance')).toBe(false);
    expect(mayName('src/providers/ozon-performance.ts', 'ozon')).toBe(true);
    expect(mayName('src/providers/ozon-performance.ts', 'yandex')).toBe(false);
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
