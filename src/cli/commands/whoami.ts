import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import type { RunState } from '../program.js';
import { getProvider } from '../../core/registry.js';
import { UsageError } from '../../core/errors.js';
import { resolveBaseUrl } from '../../core/base-url.js';
import { whoamiExitCode, whoamiTargets, type WhoamiResult } from '../../core/whoami.js';
import { runWhoami, WHOAMI_CONCURRENCY } from '../../core/whoami-run.js';
import { openBudgetFile } from '../budget-file.js';
import { commonOptions, type CommonOptions } from '../common.js';
import { describeSource } from '../../core/credentials.js';
import { noteUnusedEnvironment } from '../source-note.js';
import { paintFor, table, waitLine, type Paint } from '../output.js';
import { examplesHelp } from '../help-text.js';

export function registerWhoami(program: Command, ctx: Context, state: RunState): void {
  program
    .command('whoami')
    .description('verify credentials over the network and say whose they are (exit code for CI)')
    .argument('[provider]', 'check one provider; without it, every configured set')
    .option('--json', 'machine-readable result')
    .addHelpText('after', `${examplesHelp(ctx.providers, 'whoami', { first: [
      ['mkt whoami', 'every stored profile and every provider set in the environment'],
      ['mkt whoami -p shop2', "the stored shop2 profile of every provider (never the environment's sets)"],
    ] })}
In CI: set ${ctx.providers.all.map((p) => p.fields.map((f) => f.env).join('/')).join(', ')} (the ones you use) and run \`mkt whoami\`;
exit 0 only when every set is accepted (3 missing, 4 rejected, 5 rate limited or not checked for a provider's budget, 6 network;
when several differ, the first of 1, 8, 2, 3, 4, 7, 6, 5). Many profiles: 32 checks at once, each account paced, identical sets checked once.`)
    .action((name: string | undefined, flags: { json?: boolean }, cmd: Command) => whoamiCommand(ctx, state, name, flags, commonOptions(cmd)));
}

/**
 * The command itself, whichever way it came in: through commander (above), or for a plain argument
 * list through its own bundle without commander (src/cli/whoami-entry.ts, whoami.cjs).
 */
export async function whoamiCommand(ctx: Context, state: RunState, name: string | undefined, flags: { json?: boolean }, { choice, baseUrl }: Pick<CommonOptions, 'choice' | 'baseUrl'>): Promise<void> {
  const provider = name === undefined ? undefined : getProvider(ctx.providers, name);
  // A base URL belongs to one provider: checking every set against it would test the wrong thing.
  if (!provider && baseUrl !== undefined) throw new UsageError('--base-url needs a provider: mkt whoami <provider> --base-url <url>');
  // A bad --base-url is this command's usage error, not a result of the set it was meant for.
  if (provider && baseUrl !== undefined) resolveBaseUrl(provider, ctx.env, baseUrl);
  const targets = await whoamiTargets(ctx, choice, provider);
  // The environment's set of a provider whose profile is chosen is not checked: said, as call and headers say it.
  if (!choice.named) {
    const chosen = await ctx.config.defaults();
    for (const p of provider ? [provider] : ctx.providers.all) {
      if (chosen[p.id] !== undefined) noteUnusedEnvironment(ctx, p, { profile: chosen[p.id]!, chosen: true });
    }
  }
  const budgets = openBudgetFile(ctx.env, ctx.clock.now());
  const { rows, finish } = await runWhoami(ctx, targets, {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    concurrency: WHOAMI_CONCURRENCY,
    budgets,
    // Sets are checked in parallel: each wait line names its row.
    onEvent: (row, e) => e.type === 'wait' && ctx.io.stderr.write(`mkt: ${targets.length > 1 ? rowName(row) : row.provider}: ${waitLine(e.ms, e.reason)}\n`),
  });
  const results: WhoamiResult[] = [];
  if (flags.json) {
    results.push(...(await Promise.all(rows)));
    ctx.io.stdout.write(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
  } else {
    const paint = await paintFor(ctx.io.stdout, ctx.env);
    // Each row as soon as it and those before it are done: a CI log shows progress, in a stable order.
    for (const row of rows) {
      const r = await row;
      results.push(r);
      print(ctx, r, paint);
    }
    if (results.length > 1) ctx.io.stdout.write(`${summaryLine(results)}\n`);
  }
  await finish();
  budgets.save();
  state.exitCode = whoamiExitCode(results);
}

const rowName = (row: { provider: string; profile: string; source: string }): string => `${row.provider} (${row.source === 'env' ? 'env' : `profile ${row.profile}`})`;

/** `200 sets: 197 ok, 1 rejected, 2 deferred; 3 the same as another's, checked once` (counts in a fixed order). */
export function summaryLine(results: readonly WhoamiResult[]): string {
  const outcome = (r: WhoamiResult): string => (r.ok ? 'ok' : r.deferred ? 'deferred' : (OUTCOME[r.error?.exitCode ?? -1] ?? 'failed'));
  const counts = ['ok', ...Object.values(OUTCOME), 'failed', 'deferred']
    .map((what) => [what, results.filter((r) => outcome(r) === what).length] as const)
    .filter(([, n]) => n > 0);
  const same = results.filter((r) => r.sameAs).length;
  return `${results.length} sets: ${counts.map(([what, n]) => `${n} ${what}`).join(', ')}${same ? `; ${same} the same as another's, checked once` : ''}`;
}

const OUTCOME: Record<number, string> = { 3: 'without credentials', 4: 'rejected', 5: 'rate limited', 6: 'network failure', 7: 'HTTP error', 8: 'store unavailable' };

function print(ctx: Context, r: WhoamiResult, paint: Paint): void {
  const where = `${r.provider} ${paint.dim(`(${r.source ? describeSource(getProvider(ctx.providers, r.provider), { profile: r.profile, source: r.source, chosen: r.chosen }) : `profile ${r.profile}`})`)}`;
  if (r.ok && r.identity && r.sameAs) {
    ctx.io.stdout.write(`${paint.green('✓')} ${where}\n    ${sameAsText(r.sameAs)}: checked once\n`);
    return;
  }
  if (r.ok && r.identity) {
    ctx.io.stdout.write(`${paint.green('✓')} ${where}\n${table(r.identity.lines)}`);
    for (const w of r.identity.warnings) ctx.io.stdout.write(`    ${paint.yellow('!')} ${w}\n`);
    return;
  }
  const mark = r.deferred ? paint.yellow('-') : paint.red('✗');
  const same = r.sameAs ? `    ${sameAsText(r.sameAs)}\n` : '';
  ctx.io.stdout.write(`${mark} ${where}\n${same}    ${r.error?.message ?? 'failed'}\n${(r.error?.hints ?? []).map((h) => `    ${h}\n`).join('')}`);
}

const sameAsText = (of: NonNullable<WhoamiResult['sameAs']>): string => ('env' in of ? "same credentials as the environment's set" : `same credentials as profile ${of.profile}`);

function toJson(r: WhoamiResult): Record<string, unknown> {
  return {
    provider: r.provider,
    // The environment's set belongs to no profile.
    profile: r.source === 'env' ? null : r.profile,
    source: r.source ?? null,
    ...(r.chosen ? { chosen: true } : {}),
    ok: r.ok,
    ...(r.identity ? { identity: r.identity.data, warnings: r.identity.warnings } : {}),
    ...(r.error ? { error: r.error.message, exitCode: r.error.exitCode } : {}),
    ...(r.deferred ? { deferred: r.deferred } : {}),
    ...(r.sameAs ? { sameAs: 'env' in r.sameAs ? { env: true } : { profile: r.sameAs.profile } } : {}),
  };
}
