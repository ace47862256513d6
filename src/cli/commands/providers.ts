import type { Command } from 'commander';
import type { Context, Provider } from '../../core/types.js';
import { getProvider } from '../../core/registry.js';
import { ExitCode } from '../../core/exit-codes.js';
import { errorLine, paintFor, table } from '../output.js';
import type { RunState } from '../program.js';

export function registerProviders(program: Command, ctx: Context, state: RunState): void {
  program
    .command('providers')
    .description('the provider registry: base URL, credential fields, env vars, how to get a key')
    .argument('[provider]', 'show one provider in full')
    .option('--json', 'machine-readable')
    .action(async (name: string | undefined, flags: { json?: boolean }) => {
      const list = name ? [getProvider(ctx.providers, name)] : [...ctx.providers.all];
      if (flags.json) ctx.io.stdout.write(`${JSON.stringify(list.map(describe), null, 2)}\n`);
      else {
        const paint = await paintFor(ctx.io.stdout, ctx.env);
        for (const p of list) {
          ctx.io.stdout.write(`${paint.bold(p.id)}  ${p.title}\n${table([
            ['base URL', `${p.baseUrl} (${p.baseUrlEnv})`],
            ...(p.hosts ? [['hosts', `${p.hosts.origins.length} origins: each path goes to its own (${p.baseUrlEnv} stands for all of them; {host} in it names each)`] as [string, string]] : []),
            ...p.fields.map((f): [string, string] => [f.label, `${f.env}${f.secret ? ' (secret)' : ''}`]),
            ...(p.token ? [['access token', `exchanged for the fields (${tokenRequest(p)}), cached and renewed by mkt; ${p.token.env} with exec --with-token`] as [string, string]] : []),
            ['pacing', `${p.pace.perSecond} requests/s, ${p.pace.parallel} at once (with --paginate)`],
            ['docs', p.docsUrl],
            ...(p.specFile ? [['spec', p.specFile] as [string, string]] : []),
          ])}`);
          if (name) ctx.io.stdout.write(`\n  How to get credentials:\n${p.guide.map((g) => `    • ${g}\n`).join('')}`);
          ctx.io.stdout.write('\n');
        }
      }
      // The whole registry was asked for: a spec that did not load is part of the answer, and fails it.
      if (name || ctx.providers.problems.length === 0) return;
      for (const problem of ctx.providers.problems) ctx.io.stderr.write(errorLine(problem.message, [`not loaded; fix ${problem.path}`]));
      state.exitCode = ExitCode.usage;
    });
}

function describe(p: Provider): Record<string, unknown> {
  return {
    id: p.id,
    title: p.title,
    baseUrl: p.baseUrl,
    baseUrlEnv: p.baseUrlEnv,
    ...(p.hosts ? { hosts: p.hosts.origins } : {}),
    docsUrl: p.docsUrl,
    fields: p.fields.map((f) => ({ key: f.key, label: f.label, env: f.env, secret: f.secret, ...(f.flag ? { flag: f.flag } : {}), hint: f.hint })),
    rateLimitStatuses: p.rateLimit.statuses,
    pace: p.pace,
    examples: p.examples ?? {},
    aliases: p.aliases ?? [],
    pagination: p.paginate?.style ?? null,
    guide: p.guide,
    spec: p.specFile ?? null,
    accessToken: p.token ? { exchange: tokenRequest(p), env: p.token.env } : null,
  };
}

/** The exchange as `POST /api/client/token`: its request for empty fields (no value is read). */
function tokenRequest(p: Provider): string {
  const request = p.token!.request({});
  return `${request.method} ${request.path}`;
}
