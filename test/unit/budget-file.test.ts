import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGET_FILE, openBudgetFile } from '../../src/cli/budget-file.js';

const root = mkdtempSync(join(tmpdir(), 'mkt-test-budgets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = Date.parse('2026-12-03T12:00:00Z');
const HOUR = 3_600_000;

describe('the budget file (Yandex token checks remembered between runs)', () => {
  it('keeps what two runs open at once each learned: the later save does not drop the earlier one', () => {
    const env = { MKT_CACHE_DIR: join(root, 'two-runs') };
    const cli = openBudgetFile(env, NOW);
    const mcp = openBudgetFile(env, NOW);
    expect(cli.get('account A')).toBeUndefined();
    expect(mcp.get('account B')).toBeUndefined();
    cli.set('account A', { remaining: 0, until: NOW + HOUR });
    mcp.set('account B', { remaining: 7, until: NOW + HOUR });
    cli.save();
    mcp.save();
    const later = openBudgetFile(env, NOW + 1000);
    expect(later.get('account A')).toEqual({ remaining: 0, until: NOW + HOUR });
    expect(later.get('account B')).toEqual({ remaining: 7, until: NOW + HOUR });
  });

  it('names accounts by a hash, never by the key, and forgets windows that have ended', () => {
    const env = { MKT_CACHE_DIR: join(root, 'hashed') };
    const run = openBudgetFile(env, NOW);
    run.set('ACMA:secret-token-value-0123456789', { remaining: 3, until: NOW + HOUR });
    run.set('old account', { remaining: 0, until: NOW + 10 });
    run.save();
    const text = readFileSync(join(env.MKT_CACHE_DIR, BUDGET_FILE), 'utf8');
    const key = 'ACMA:secret-token-value-0123456789';
    for (let i = 0; i + 8 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 8));
    expect(openBudgetFile(env, NOW + 20).get('old account')).toBeUndefined();
    expect(openBudgetFile(env, NOW + 20).get('ACMA:secret-token-value-0123456789')).toEqual({ remaining: 3, until: NOW + HOUR });
  });

  it('writes nothing when nothing was learned', () => {
    const env = { MKT_CACHE_DIR: join(root, 'untouched') };
    openBudgetFile(env, NOW).save();
    expect(() => readFileSync(join(env.MKT_CACHE_DIR, BUDGET_FILE))).toThrow(/ENOENT/);
  });
});
