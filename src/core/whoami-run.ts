import type { CheckBudget, Context } from './types.js';
import { ExitCode } from './exit-codes.js';
import type { CoreEvent } from './events.js';
import { createPacer } from './pacer.js';
import { runKeyed, type KeyedJob } from './scheduler.js';
import { runIndex } from './run-index.js';
import { checkSet, markVerified, prepareCheck, type PreparedSet, type WhoamiResult, type WhoamiTarget } from './whoami.js';

/** What was last heard of an account's budget: checks left, and when its window frees (epoch ms). */
export interface BudgetState {
  remaining: number;
  until: number;
}

/**
 * Where a run remembers budgets between runs. The key names an account and may hold a credential
 * (a token is its own account): an adapter keeps only a hash of it.
 */
export interface BudgetMemory {
  get(key: string): BudgetState | undefined;
  set(key: string, state: BudgetState): void;
}

export interface WhoamiRunOptions {
  baseUrl?: string;
  /** Checks in flight at once, over all accounts. */
  concurrency: number;
  /** A wait before a retry, with the row it belongs to. */
  onEvent?: (row: { provider: string; profile: string; source: string }, event: CoreEvent) => void;
  budgets?: BudgetMemory;
}

/**
 * Checks in flight at once, over all accounts (each account also held to its provider's own pace).
 * Measured (docs/performance.md, whoami at scale): 200 profiles against a sandbox answering in 50 ms
 * took 1.6 s at 8, 1.0 s at 16, 0.7 s at 32, 0.6 s at 64; on loopback the CPU bounds it from 16 on.
 */
export const WHOAMI_CONCURRENCY = 32;

/**
 * Checks every target, bounded and paced per account, and returns one promise per target in the
 * targets' order (the CLI prints each as soon as it and those before it are done). Identical sets
 * (same provider, values and base URL) are checked once. A check whose budget is known to be spent
 * is not sent. One failure never stops the others.
 */
export async function runWhoami(given: Context, targets: readonly WhoamiTarget[], opts: WhoamiRunOptions): Promise<{ rows: Array<Promise<WhoamiResult>>; finish(): Promise<void> }> {
  const config = runIndex(given.config);
  const ctx = { ...given, config };
  const rows = await checkAll(ctx, targets, opts);
  return {
    rows,
    finish: async () => {
      await Promise.allSettled(rows);
      await config.flush().catch(() => {});
    },
  };
}

async function checkAll(ctx: Context, targets: readonly WhoamiTarget[], opts: WhoamiRunOptions): Promise<Array<Promise<WhoamiResult>>> {
  const prepared = await Promise.all(runKeyed(targets.map((t) => ({ perKey: 1, run: () => prepareCheck(ctx, t, opts.baseUrl) })), opts.concurrency));
  const accounts = new Map<string, Account>();
  const firstOf = new Map<string, { index: number; profile: string; source: string }>();
  const jobs: Array<KeyedJob<WhoamiResult>> = [];
  const slot: Array<number | { same: number; profile: string; source: string }> = [];
  const rows: Array<WhoamiResult | undefined> = prepared.map((p) => ('result' in p ? p.result : undefined));
  prepared.forEach((p, i) => {
    if (!('set' in p)) return;
    const set = p.set;
    const same = firstOf.get(sameSetKey(set));
    if (same) {
      slot[i] = { same: same.index, profile: same.profile, source: same.source };
      return;
    }
    firstOf.set(sameSetKey(set), { index: jobs.length, profile: set.profile, source: set.source });
    const account = accountOf(ctx, accounts, set);
    slot[i] = jobs.length;
    jobs.push({ key: account.key, perKey: account.parallel, run: () => checkInAccount(ctx, set, account, opts) });
  });
  const checks = runKeyed(jobs, opts.concurrency);
  return prepared.map((_, i) => {
    const row = rows[i];
    if (row) return Promise.resolve(row);
    const s = slot[i]!;
    if (typeof s === 'number') return checks[s]!;
    const set = (prepared[i] as { set: PreparedSet }).set;
    return checks[s.same]!.then((r) => sameAs(ctx, r, set, s));
  });
}

interface Account {
  key: string;
  /** Checks of this account in flight at once: the provider's requests in flight over the requests one check sends. */
  parallel: number;
  pace?: (limit: string) => Promise<void>;
}

/**
 * An account is what the provider counts its limits against: the provider, its origin, and the
 * non-secret fields (Ozon's Client-Id); a provider with secrets only (a token) is counted per token.
 * Kept in memory only.
 */
function accountKey(set: PreparedSet): string {
  const { provider, values } = set;
  const ids = provider.fields.filter((f) => !f.secret);
  const named = (ids.length > 0 ? ids : provider.fields).map((f) => values[f.key] ?? '');
  return JSON.stringify([provider.id, set.base.origin, ...named]);
}

const sameSetKey = (set: PreparedSet): string => JSON.stringify([set.provider.id, set.base.href, ...set.provider.fields.map((f) => set.values[f.key] ?? '')]);

function accountOf(ctx: Context, accounts: Map<string, Account>, set: PreparedSet): Account {
  const key = accountKey(set);
  let account = accounts.get(key);
  if (!account) {
    const { perSecond, parallel } = set.provider.pace;
    account = { key, parallel: Math.max(1, Math.floor(parallel / requestsPerCheck(set))), ...(perSecond > 0 ? { pace: pacerPerHost(ctx, perSecond, parallel) } : {}) };
    accounts.set(key, account);
  }
  return account;
}

/**
 * The account's pace held per host: a provider split over hosts counts its limits per host
 * (Wildberries: a bucket per category, each category a host; /ping 3 per 30 s per host), so one
 * check's pings of six categories go out together, as they did before whoami paced, also when a base
 * URL override sends every host to one server (the sandbox). A burst of the requests the provider
 * allows in flight: Ozon's identity call and its detail call start together too.
 */
function pacerPerHost(ctx: Context, perSecond: number, burst: number): (limit: string) => Promise<void> {
  const pacers = new Map<string, () => Promise<void>>();
  return (limit) => {
    let pace = pacers.get(limit);
    if (!pace) pacers.set(limit, (pace = createPacer(ctx.clock, perSecond, burst)));
    return pace();
  };
}

/** The identity call, its detail call and its probes go out together. */
function requestsPerCheck(set: PreparedSet): number {
  const v = set.provider.verify(set.values);
  return 1 + (v.enrich ? 1 : 0) + (v.probes?.length ?? 0);
}

async function checkInAccount(ctx: Context, set: PreparedSet, account: Account, opts: WhoamiRunOptions): Promise<WhoamiResult> {
  const budget = set.provider.verify(set.values).budget;
  const budgetKey = budget && JSON.stringify([account.key, budget.id]);
  const known = budgetKey ? opts.budgets?.get(budgetKey) : undefined;
  const now = ctx.clock.now();
  if (budget && known && known.remaining <= 0 && known.until > now) return deferred(set, budget, known.until, now);
  const row = { provider: set.provider.id, profile: set.profile, source: set.source };
  return checkSet(ctx, set, {
    onEvent: (e) => opts.onEvent?.(row, e),
    traffic: {
      ...(account.pace ? { pace: account.pace } : {}),
      ...(budget && budgetKey && opts.budgets ? { onAnswer: (_status, headers) => remember(opts.budgets!, budgetKey, budget, headers) } : {}),
    },
  });
}

function remember(budgets: BudgetMemory, key: string, budget: CheckBudget, headers: Record<string, string>): void {
  const state = budget.read(headers);
  if (state) budgets.set(key, state);
}

/** The row of a check not sent: the provider's rule, when it frees, and when the set last passed. */
function deferred(set: PreparedSet, budget: CheckBudget, until: number, now: number): WhoamiResult {
  const last = set.entry?.verifiedAt;
  return {
    provider: set.provider.id, profile: set.profile, source: set.source, ...(set.chosen ? { chosen: true as const } : {}),
    ok: false,
    deferred: { until: new Date(until).toISOString() },
    error: {
      message: `not checked: ${budget.rule}; none left until ${clockTime(until, now)}`,
      hints: [...lastPassed(set, last), `run again after ${clockTime(until, now)}, or check it alone then: mkt whoami ${set.provider.id}${set.profile === 'default' ? '' : ` --profile ${set.profile}`}`],
      exitCode: ExitCode.rateLimited,
    },
  };
}

/** When a stored set last passed; nothing for the environment's, whose checks are not recorded. */
function lastPassed(set: PreparedSet, last: string | undefined): string[] {
  if (set.source === 'env') return [];
  return [last ? `last passed ${last.slice(0, 16).replace('T', ' ')} UTC` : 'it has not passed a check yet'];
}

/** `14:00 UTC`, with the date when it is not today's. */
function clockTime(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  const today = new Date(now).toISOString().slice(0, 10);
  return iso.slice(0, 10) === today ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A set stored under several profiles: checked once, reported for each. */
async function sameAs(ctx: Context, first: WhoamiResult, set: PreparedSet, of: { profile: string; source: string }): Promise<WhoamiResult> {
  const row = { provider: set.provider.id, profile: set.profile, source: set.source, ...(set.chosen ? { chosen: true as const } : {}) };
  if (first.ok) await markVerified(ctx, set);
  return { ...first, ...row, sameAs: of.source === 'env' ? { env: true } : { profile: of.profile } };
}
