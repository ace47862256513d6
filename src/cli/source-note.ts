import type { Context, Provider, ResolvedCredentials } from '../core/types.js';
import { describeSource, envCredentials, envSetWords } from '../core/credentials.js';

/**
 * Which set `headers` and `exec` hand over, said on stderr to a person at a terminal (a script's
 * log stays clean; its stdout is untouched either way): the wrong shop's keys are easy to miss.
 */
export function noteSource(ctx: Context, provider: Provider, resolved: ResolvedCredentials): void {
  if (ctx.io.stderr.isTTY) ctx.io.stderr.write(`mkt: ${provider.id} credentials from ${describeSource(provider, resolved)}\n`);
  noteUnusedEnvironment(ctx, provider, resolved);
}

/**
 * A profile chosen with `mkt profile use` keeps the environment's set out, as a named one does; but
 * nothing on this command line chose it, and a script that exported its keys may count on them: said
 * on stderr every time, to a script's log too.
 */
export function noteUnusedEnvironment(ctx: Context, provider: Provider, resolved: Pick<ResolvedCredentials, 'chosen' | 'profile'>): void {
  if (!resolved.chosen || !envCredentials(provider, ctx.env).values) return;
  const { names, are, them } = envSetWords(provider);
  ctx.io.stderr.write(`mkt: note: ${names} ${are} set but not used: ${provider.id} uses profile ${resolved.profile}, chosen with \`mkt profile use\`; \`mkt profile use ${provider.id} default\` to use ${them}\n`);
}
