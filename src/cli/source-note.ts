import type { Context, Provider, ResolvedCredentials } from '../core/types.js';
import { describeSource } from '../core/credentials.js';

/**
 * Which set `headers` and `exec` hand over, said on stderr to a person at a terminal (a script's
 * log stays clean; its stdout is untouched either way): the wrong shop's keys are easy to miss.
 */
export function noteSource(ctx: Context, provider: Provider, resolved: ResolvedCredentials): void {
  if (ctx.io.stderr.isTTY) ctx.io.stderr.write(`mkt: ${provider.id} credentials from ${describeSource(provider, resolved)}\n`);
}
