import type { Context } from '../core/types.js';
import type { WhoamiResult } from '../core/whoami.js';
import { runWhoami, WHOAMI_CONCURRENCY, type BudgetMemory } from '../core/whoami-run.js';
import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import type { Args } from './args.js';
import { pickSet, type ServedSet } from './served.js';
import type { ToolResult } from './call-tool.js';

/** Budgets of identity checks remembered between runs (`mkt whoami`'s file), opened anew for each call: the CLI may have spent some since. */
export type OpenBudgets = () => BudgetMemory & { save(): void };

/**
 * Each served set (or the one asked for) checked against its provider: what `mkt whoami` shows, as
 * data, and run the way it runs (bounded, paced per account, identical sets once, a spent budget not
 * sent), so an assistant asking again and again cannot burn Yandex's 100 token checks an hour.
 */
export async function whoamiTool(ctx: Context, sets: readonly ServedSet[], args: Args, openBudgets?: OpenBudgets): Promise<ToolResult> {
  const provider = args.provider as string | undefined;
  const profile = args.profile as string | undefined;
  const chosen = provider !== undefined ? [pickSet(sets, provider, profile)] : sets.filter((s) => profile === undefined || s.profile === profile);
  if (chosen.length === 0) throw new UsageError(`whoami: no served set has the profile ${quote(profile ?? '')}; served: ${sets.map((s) => `${s.provider.id}:${s.profile}`).join(', ')}`);
  const budgets = openBudgets?.();
  const { rows, finish } = await runWhoami(ctx, chosen.map((s) => ({ provider: s.provider, choice: s.choice })), { concurrency: WHOAMI_CONCURRENCY, ...(budgets ? { budgets } : {}) });
  try {
    return { value: { sets: (await Promise.all(rows)).map(toValue) } };
  } finally {
    await finish();
    budgets?.save();
  }
}

function toValue(r: WhoamiResult): Record<string, unknown> {
  return {
    provider: r.provider,
    profile: r.profile,
    ...(r.source ? { source: r.source } : {}),
    ok: r.ok,
    ...(r.identity ? { identity: Object.fromEntries(r.identity.lines), ...(r.identity.warnings.length ? { warnings: r.identity.warnings } : {}) } : {}),
    ...(r.error ? { error: r.error.message, ...(r.error.hints.length ? { hints: r.error.hints } : {}) } : {}),
    ...(r.deferred ? { deferred: r.deferred } : {}),
    ...(r.sameAs ? { sameAs: 'env' in r.sameAs ? { env: true } : { profile: r.sameAs.profile } } : {}),
  };
}
