import { join } from 'node:path';
import type { Env } from '../core/types.js';
import type { BudgetMemory, BudgetState } from '../core/whoami-run.js';
import { cacheDir, readOwnCache, writeCache } from './local-code-cache.js';

/** The file's name in the cache directory (MKT_CACHE_DIR). */
export const BUDGET_FILE = 'budgets.json';

/**
 * Budgets of identity checks (Yandex: 100 token checks an hour) as the providers last stated them,
 * kept between runs in `<cache dir>/budgets.json`, 0600, read only when this user wrote it. An account
 * is named by an HMAC of its key, never by a credential or a piece of one. Losing the file only
 * costs a check the provider then refuses: any failure to read or write it is silent.
 */
export function openBudgetFile(env: Env, now: number): BudgetMemory & { save(): void } {
  const dir = cacheDir(env);
  const file = dir === undefined ? undefined : join(dir, BUDGET_FILE);
  // Read when a provider with a budget first asks: a run over Ozon keys alone never opens it.
  let states: Map<string, BudgetState> | undefined;
  const known = () => (states ??= read(file, now));
  const learned = new Map<string, BudgetState>();
  return {
    get: (key) => known().get(hashOf(key)),
    set(key, state) {
      const hash = hashOf(key);
      known().set(hash, state);
      learned.set(hash, state);
    },
    save() {
      if (learned.size === 0 || file === undefined) return;
      // Read again: another run (the CLI beside an MCP server) may have saved since; what this run
      // learned goes over it, the rest is kept.
      const latest = read(file, now);
      for (const [hash, state] of learned) latest.set(hash, state);
      const budgets = Object.fromEntries([...latest].filter(([, s]) => s.until > now));
      writeCache(file, () => Buffer.from(`${JSON.stringify({ version: 1, budgets }, null, 2)}\n`));
    },
  };
}

// node:crypto only when a budget is looked up: it loads Node's stream modules, which --help and the
// other commands must not pay for (test/integration/build.test.ts).
const hashOf = (key: string): string => (require('node:crypto') as typeof import('node:crypto')).createHmac('sha256', 'mkt budget account').update(key).digest('hex').slice(0, 32);

function read(file: string | undefined, now: number): Map<string, BudgetState> {
  const states = new Map<string, BudgetState>();
  const text = file === undefined ? undefined : readOwnCache(file)?.toString('utf8');
  if (!text) return states;
  try {
    const budgets = (JSON.parse(text) as { budgets?: Record<string, unknown> }).budgets ?? {};
    for (const [hash, s] of Object.entries(budgets)) {
      const { remaining, until } = (s ?? {}) as Partial<BudgetState>;
      if (/^[0-9a-f]{32}$/.test(hash) && typeof remaining === 'number' && typeof until === 'number' && until > now) states.set(hash, { remaining, until });
    }
  } catch {
    // a damaged file is a forgotten one
  }
  return states;
}
