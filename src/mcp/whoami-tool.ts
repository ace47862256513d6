import type { Context } from '../core/types.js';
import { whoamiOne } from '../core/whoami.js';
import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import type { Args } from './args.js';
import { pickSet, type ServedSet } from './served.js';
import type { ToolResult } from './call-tool.js';

/** Each served set (or the one asked for) checked against its provider: what `mkt whoami` shows, as data. */
export async function whoamiTool(ctx: Context, sets: readonly ServedSet[], args: Args): Promise<ToolResult> {
  const provider = args.provider as string | undefined;
  const profile = args.profile as string | undefined;
  const chosen = provider !== undefined ? [pickSet(sets, provider, profile)] : sets.filter((s) => profile === undefined || s.profile === profile);
  if (chosen.length === 0) throw new UsageError(`whoami: no served set has the profile ${quote(profile ?? '')}; served: ${sets.map((s) => `${s.provider.id}:${s.profile}`).join(', ')}`);
  const results = [];
  for (const set of chosen) {
    const r = await whoamiOne(ctx, { provider: set.provider, choice: set.choice });
    results.push({
      provider: r.provider,
      profile: r.profile,
      ...(r.source ? { source: r.source } : {}),
      ok: r.ok,
      ...(r.identity ? { identity: Object.fromEntries(r.identity.lines), ...(r.identity.warnings.length ? { warnings: r.identity.warnings } : {}) } : {}),
      ...(r.error ? { error: r.error.message, ...(r.error.hints.length ? { hints: r.error.hints } : {}) } : {}),
    });
  }
  return { value: { sets: results } };
}
