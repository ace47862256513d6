/**
 * docs/configuration.md's tables are generated from the declarations (scripts/config-docs.ts):
 * a variable or store missing from the docs, or listed there and not declared, fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOCS, tableIn, withGeneratedTables } from '../../scripts/config-docs.js';
import { ENV_VARS, specEnvName } from '../../src/core/env-vars.js';
import { builtInProviders as providers } from '../../src/providers/index.js';
import { DEFAULT_STORE, STORE_KINDS } from '../../src/store/registry.js';

const docs = readFileSync(fileURLToPath(new URL(`../../${CONFIG_DOCS}`, import.meta.url)), 'utf8');

/** The backquoted names in the first column of a table's rows. */
function firstColumnNames(table: string | undefined): string[] {
  const rows = (table ?? '').split('\n').slice(2);
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

const declared = [...ENV_VARS.map((v) => v.name), ...providers.flatMap((p) => [...p.fields.map((f) => f.env), p.baseUrlEnv, specEnvName(p)])];

describe(CONFIG_DOCS, () => {
  it('lists every declared variable, the providers’ own from the registry', () => {
    const listed = firstColumnNames(tableIn(docs, 'env-vars'));
    expect(declared.filter((name) => !listed.includes(name)), 'declared, missing from the docs').toEqual([]);
  });

  it('lists no variable that is not declared', () => {
    const listed = firstColumnNames(tableIn(docs, 'env-vars'));
    expect(listed.filter((name) => !declared.includes(name)), 'in the docs, not declared').toEqual([]);
  });

  it('lists every store of the registry, and only those', () => {
    expect(firstColumnNames(tableIn(docs, 'stores'))).toEqual([...STORE_KINDS]);
  });

  it('says what the declarations say, word for word (else run `npm run docs`)', () => {
    expect(docs).toBe(withGeneratedTables(docs));
  });

  it("gives MKT_STORE the registry's default", () => {
    expect(ENV_VARS.find((v) => v.name === 'MKT_STORE')?.default).toBe(`\`${DEFAULT_STORE}\``);
  });
});
