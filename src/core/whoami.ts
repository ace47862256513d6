import type { Context, CredentialSource, Credentials, Identity, ProfileEntry, Provider, ResolvedCredentials } from './types.js';
import { MktError, NoCredentialsError, UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { choiceFor, envCredentials, profileFlag, resolveCredentials, type ProfileChoice } from './credentials.js';
import { resolveBaseUrl } from './base-url.js';
import { verifyCredentials, type Traffic } from './verify.js';
import { tokenSession } from './token-session.js';
import { addAllowedOperations } from './scope-counts.js';
import type { OnEvent } from './events.js';
import { specProblemError } from './registry.js';
import { quote } from './quote.js';
import { PROVIDER_ID } from '../providers/user-spec.js';

/** A set to check, or one that cannot be: its provider's spec is broken or gone (a failed row, never skipped). */
export type WhoamiTarget = { provider: Provider; choice: ProfileChoice } | { unavailable: { id: string; error: MktError }; choice: ProfileChoice };

export const targetId = (t: WhoamiTarget): string => ('provider' in t ? t.provider.id : t.unavailable.id);

export interface WhoamiResult {
  provider: string;
  profile: string;
  source?: CredentialSource;
  /** The profile is the one `mkt profile use` chose for the provider. */
  chosen?: true;
  ok: boolean;
  identity?: Identity;
  error?: { message: string; hints: string[]; exitCode: number };
  /** Not sent: the provider's budget for checks is known to be spent until then (ISO 8601). */
  deferred?: { until: string };
  /** The same set is stored under an earlier profile (or is the environment's): checked once, for both. */
  sameAs?: { profile: string } | { env: true };
}

/**
 * With a provider: that one set. Without: every configured set — each provider with credentials in
 * the environment, and every stored profile (a complete env set stands in for the default profile it
 * shadows). A named profile: the stored sets of that profile only, never the environment's.
 * A user spec that did not load fails its stored profiles' rows, or one row of its own: its
 * variables may be set in a CI job that counts on this check.
 */
export async function whoamiTargets(ctx: Context, choice: ProfileChoice, provider?: Provider): Promise<WhoamiTarget[]> {
  if (provider) return [{ provider, choice }];
  const targets: WhoamiTarget[] = [];
  const shadowed = new Set<string>();
  if (!choice.named) {
    // A provider with a chosen profile does not use the environment's set: its stored profiles are checked below.
    const chosen = await ctx.config.defaults();
    for (const p of ctx.providers.all) {
      if (envCredentials(p, ctx.env).present.length === 0 || Object.hasOwn(chosen, p.id)) continue;
      targets.push({ provider: p, choice });
      shadowed.add(`${p.id}:${choice.profile}`);
    }
  }
  for (const entry of await ctx.config.list()) {
    if (shadowed.has(`${entry.provider}:${entry.profile}`) || (choice.named && entry.profile !== choice.profile)) continue;
    const p = ctx.providers.all.find((x) => x.id === entry.provider);
    const stored = { profile: entry.profile, named: true };
    targets.push(p ? { provider: p, choice: stored } : { unavailable: { id: entry.provider, error: unavailable(ctx, entry) }, choice: stored });
  }
  if (!choice.named) {
    for (const problem of ctx.providers.problems) {
      if (!targets.some((t) => targetId(t) === problem.id)) targets.push({ unavailable: { id: problem.id || problem.file, error: specProblemError(problem) }, choice });
    }
  }
  if (targets.length === 0) throw nothingConfigured(ctx, choice);
  return targets;
}

function unavailable(ctx: Context, entry: ProfileEntry): MktError {
  const problem = ctx.providers.problemFor(entry.provider);
  if (problem) return specProblemError(problem);
  // The index may have been edited by hand: only a plain id goes into a file name and a command.
  if (!PROVIDER_ID.test(entry.provider)) return new UsageError(`profile ${entry.profile} of ${quote(entry.provider)} is stored, but no such provider is built in or can be defined`);
  return new UsageError(`profile ${entry.profile} of ${entry.provider} is stored, but no such provider is built in or defined in providers/${entry.provider}.json`, [
    `put its spec back, or remove the profile with \`mkt logout ${entry.provider}${profileFlag(entry.profile)}\``,
  ]);
}

function nothingConfigured(ctx: Context, choice: ProfileChoice): NoCredentialsError {
  if (!choice.named) return new NoCredentialsError('no credentials configured', ['run `mkt login <provider>`, or set the provider\'s environment variables (see `mkt providers`)']);
  // A named profile never reads the environment: setting it would not help.
  const hints = [`run \`mkt login <provider>${profileFlag(choice.profile)}\``];
  const inEnv = ctx.providers.all.filter((p) => envCredentials(p, ctx.env).present.length > 0).map((p) => p.id);
  if (inEnv.length) hints.push(`the environment has sets for ${inEnv.join(', ')}, but a named profile (--profile, MKT_PROFILE) never uses them`);
  return new NoCredentialsError(`no credentials stored for profile ${choice.profile}`, hints);
}

export async function whoamiOne(ctx: Context, target: WhoamiTarget, baseUrlFlag?: string, onEvent?: OnEvent): Promise<WhoamiResult> {
  const prepared = await prepareCheck(ctx, target, baseUrlFlag);
  return 'set' in prepared ? checkSet(ctx, prepared.set, { onEvent }) : prepared.result;
}

/** A set ready to be sent: its values resolved, its base URL known. */
export interface PreparedSet {
  provider: Provider;
  profile: string;
  source: CredentialSource;
  chosen?: true;
  values: Credentials;
  resolved: ResolvedCredentials;
  entry?: ProfileEntry;
  base: URL;
}

/** Resolves a target's set without sending anything: the set, or the failed row when it cannot be (no credentials, a bad base URL). */
export async function prepareCheck(ctx: Context, target: WhoamiTarget, baseUrlFlag?: string): Promise<{ set: PreparedSet } | { result: WhoamiResult }> {
  if ('unavailable' in target) {
    const { id, error } = target.unavailable;
    return { result: { provider: id, profile: target.choice.profile, ok: false, error: errorOf(error) } };
  }
  const { provider } = target;
  const choice = await choiceFor(ctx, provider.id, target.choice);
  const { profile } = choice;
  const chosen = choice.chosen ? { chosen: true as const } : {};
  let source: CredentialSource | undefined;
  try {
    const resolved = await resolveCredentials(ctx, provider, choice);
    source = resolved.source;
    const entry = source === 'env' ? undefined : await ctx.config.get(provider.id, profile);
    const base = resolveBaseUrl(provider, ctx.env, baseUrlFlag, entry?.baseUrl);
    return { set: { provider, profile, source, ...chosen, values: resolved.values, resolved, ...(entry ? { entry } : {}), base } };
  } catch (err) {
    if (!(err instanceof MktError)) throw err;
    return { result: { provider: provider.id, profile, source, ...chosen, ok: false, error: errorOf(err) } };
  }
}

/** Sends a prepared set's check and says whose it is, or why not. */
export async function checkSet(ctx: Context, set: PreparedSet, opts: { onEvent?: OnEvent; traffic?: Traffic }): Promise<WhoamiResult> {
  const { provider, profile, source, base } = set;
  const row = { provider: provider.id, profile, source, ...(set.chosen ? { chosen: true as const } : {}) };
  try {
    const identity = await verifyCredentials(ctx, provider, set.values, base, opts.onEvent, tokenSession(ctx, provider, set.resolved, base, opts.onEvent), opts.traffic);
    await addAllowedOperations(ctx, provider, identity);
    await markVerified(ctx, set);
    return { ...row, ok: true, identity };
  } catch (err) {
    if (!(err instanceof MktError)) throw err;
    return { ...row, ok: false, error: errorOf(err) };
  }
}

/** Records the check's date on the stored profile (not on the environment's set). */
export async function markVerified(ctx: Context, set: PreparedSet): Promise<void> {
  const { entry } = set;
  if (entry && stale(entry.verifiedAt, ctx.clock.now())) await ctx.config.update(set.provider.id, set.profile, { verifiedAt: new Date(ctx.clock.now()).toISOString() }).catch(() => {});
}

const errorOf = (err: MktError): NonNullable<WhoamiResult['error']> => ({ message: err.message, hints: err.hints, exitCode: err.exitCode });

/**
 * A check's date is rewritten only when the one stored is older than this: the index is rewritten
 * under its lock with two fsyncs (~13 ms CPU and a disk flush), and `status` shows the day. A CI
 * job checking every minute keeps the time right to ten minutes.
 */
const VERIFIED_REFRESH_MS = 10 * 60_000;

const stale = (verifiedAt: string | undefined, now: number): boolean => !(now - Date.parse(verifiedAt ?? '') < VERIFIED_REFRESH_MS);

/**
 * Which failure's code a run exits with when its failures differ: the first of these that occurs,
 * whatever the rows' order. What only a person can fix (a broken store, bad input, missing or
 * rejected credentials) outranks an HTTP error, a network failure and a rate limit, which a later run
 * may not meet: a CI job that retries on 5 or 6 is never told to retry a rejected key.
 */
export const EXIT_PRECEDENCE: readonly number[] = [ExitCode.internal, ExitCode.store, ExitCode.usage, ExitCode.noCredentials, ExitCode.rejected, ExitCode.http, ExitCode.network, ExitCode.rateLimited];

/** The exit code for a run: 0 when all passed, else the failures' code that comes first in EXIT_PRECEDENCE. */
export function whoamiExitCode(results: WhoamiResult[]): number {
  const codes = new Set(results.filter((r) => !r.ok).map((r) => r.error?.exitCode ?? ExitCode.internal));
  if (codes.size === 0) return ExitCode.ok;
  return EXIT_PRECEDENCE.find((c) => codes.has(c)) ?? Math.min(...codes);
}
