/**
 * Issue 14, "every environment variable is declared once": src/ reads its environment only through
 * src/core/env-vars.ts, and reads every name declared there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/core/env-vars.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const DECLARATION = 'core/env-vars.ts';
/** Hand the whole environment on: the real context, and libdbus's view of the bus (docs/architecture.md). */
// cli/main.ts: the code cache and the colour of an early error are chosen before the bundle (and its Context) loads.
const WHOLE_PROCESS_ENV = ['cli/context.ts', 'cli/main.ts', 'store/keychain.ts'];

/** A read of a variable by name that bypasses the declaration, with what each looks like. */
const DIRECT_READS: Array<[string, RegExp]> = [
  ['env.NAME', /\benv\??\.[A-Z_][A-Z0-9_]*\b/],
  ['env[…]', /\benv(\?\.)?\[/],
  ['a destructured env', /\}\s*=\s*(\w+\.)*env\b/],
  ["commander's .env('NAME') (use envName)", /\.env\(\s*['"`]/],
];

/** Every direct read in `text`, as `pattern name: line`. */
function directReads(text: string): string[] {
  return text.split('\n').flatMap((line) => DIRECT_READS.filter(([, re]) => re.test(line)).map(([name]) => `${name}: ${line.trim()}`));
}

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: relative(SRC, join(dir, f)), text: readFileSync(join(dir, f), 'utf8') }));
}

const files = sources(SRC);

describe('the scan', () => {
  it('finds each kind of direct read', () => {
    for (const line of ["ctx.env.MKT_DEBUG", "env['MKT_PASSPHRASE']", 'env[f.env]', 'process.env.HOME', 'env?.[name]', 'const { HOME } = ctx.env;', ".env('MKT_PROFILE')"]) {
      expect(directReads(line), line).toHaveLength(1);
    }
    for (const line of ['{ ...ctx.env, [provider.baseUrlEnv]: base }', 'f.env', "envValue(env, 'HOME')", ".env(envName('MKT_PROFILE'))", 'provider.baseUrlEnv']) {
      expect(directReads(line), line).toEqual([]);
    }
  });
});

describe('src/ reads the environment only through the declaration', () => {
  it('no file outside core/env-vars.ts reads a variable by name', () => {
    const found = files.filter((f) => f.file !== DECLARATION).flatMap((f) => directReads(f.text).map((read) => `${f.file}: ${read}`));
    expect(found).toEqual([]);
  });

  it(`only ${WHOLE_PROCESS_ENV.join(' and ')} take process.env, and pass it on whole`, () => {
    expect(files.filter((f) => f.file !== DECLARATION && /\bprocess\.env\b/.test(f.text)).map((f) => f.file).sort()).toEqual(WHOLE_PROCESS_ENV);
  });

  it('every declared variable is read somewhere (no stale declaration, no stale docs row)', () => {
    const text = files.filter((f) => f.file !== DECLARATION).map((f) => f.text).join('\n');
    const read = new Set([...text.matchAll(/\b(?:envValue\([^,()]+,\s*|envName\()'([A-Z_][A-Z0-9_]*)'/g)].map((m) => m[1]));
    expect(ENV_VARS.map((v) => v.name).filter((name) => !read.has(name))).toEqual([]);
  });

  it('every name is declared once, and says who reads it', () => {
    const names = ENV_VARS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENV_VARS) expect(v.readBy.length, v.name).toBeGreaterThan(0);
  });
});
