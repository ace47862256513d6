import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import type { RunState } from '../program.js';
import { getProvider } from '../../core/registry.js';
import { UsageError } from '../../core/errors.js';
import { resolveBaseUrl } from '../../core/base-url.js';
import { targetId, whoamiExitCode, whoamiOne, whoamiTargets, type WhoamiResult } from '../../core/whoami.js';
import { commonOptions } from '../common.js';
import { describeSource } from '../../core/credentials.js';
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
exit 0 only when every set is accepted (3 missing, 4 rejected, 5 rate limited, 6 network).`)
    .action(async (name: string | undefined, flags: { json?: boolean }, cmd: Command) => {
      const { choice, baseUrl } = commonOptions(cmd);
      const provider = name === undefined ? undefined : getProvider(ctx.providers, name);
      // A base URL belongs to one provider: checking every set against it would test the wrong thing.
      if (!provider && baseUrl !== undefined) throw new UsageError('--base-url needs a provider: mkt whoami <provider> --base-url <url>');
      // A bad --base-url is this command's usage error, not a result of the set it was meant for.
      if (provider && baseUrl !== undefined) resolveBaseUrl(provider, ctx.env, baseUrl);
      const targets = await whoamiTargets(ctx, choice, provider);
      // Sets are checked in parallel: each wait line names its provider.
      const results = await Promise.all(targets.map((t) => whoamiOne(ctx, t, baseUrl, (e) => e.type === 'wait' && ctx.io.stderr.write(`mkt: ${targetId(t)}: ${waitLine(e.ms, e.reason)}\n`))));
      if (flags.json) ctx.io.stdout.write(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
      else {
        const paint = await paintFor(ctx.io.stdout, ctx.env);
        for (const r of results) print(ctx, r, paint);
      }
      state.exitCode = whoamiExitCode(results);
    });
}

function print(ctx: Context, r: WhoamiResult, paint: Paint): void {
  const where = `${r.provider} ${paint.dim(`(${r.source ? describeSource(getProvider(ctx.providers, r.provider), { profile: r.profile, source: r.source, chosen: r.chosen }) : `profile ${r.profile}`})`)}`;
  if (r.ok && r.identity) {
    ctx.io.stdout.write(`${paint.green('✓')} ${where}\n${table(r.identity.lines)}`);
    for (const w of r.identity.warnings) ctx.io.stdout.write(`    ${paint.yellow('!')} ${w}\n`);
    return;
  }
  ctx.io.stdout.write(`${paint.red('✗')} ${where}\n    ${r.error?.message ?? 'failed'}\n${(r.error?.hints ?? []).map((h) => `    ${h}\n`).join('')}`);
}

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
  };
}
