import type { ApiRequest, Context, Credentials, Identity, Provider, Verification } from './types.js';
import { MktError, ProviderHttpError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { createRedactor, redactDeep, secretValues, type Redactor } from './redact.js';
import { requestUrl } from './base-url.js';
import { send } from './send.js';
import { answerJson } from './outcome.js';
import { VERSION } from './version.js';
import { credentialFacts, refuseExpired } from './credential-facts.js';
import type { OnEvent } from './events.js';
import type { TokenSession } from './token-session.js';

/** The headers every authenticated request carries. */
export function requestHeaders(provider: Provider, creds: Credentials, hasJsonBody: boolean): Record<string, string> {
  return {
    ...provider.authorize(creds),
    accept: 'application/json',
    'user-agent': `mkt/${VERSION}`,
    ...(hasJsonBody ? { 'content-type': 'application/json' } : {}),
  };
}

interface Check extends Traffic {
  redact: Redactor;
  retries: number;
  onEvent?: OnEvent;
  auth?: TokenSession;
}

/** How a check's requests share their account with others in the same run (whoami over many profiles). */
export interface Traffic {
  /**
   * Awaited before every request: the account's pacer, told which of the provider's limits the request
   * counts against (its host's name for a provider split over hosts, else its origin).
   */
  pace?: (limit: string) => Promise<void>;
  /** The identity request's answers (status, headers): where a provider states what is left of a budget. */
  onAnswer?: (status: number, headers: Record<string, string>) => void;
}

async function callJson(ctx: Context, provider: Provider, creds: Credentials, base: URL, req: ApiRequest, check: Check): Promise<unknown> {
  const { redact, auth } = check;
  const url = requestUrl(provider, base, req.path, creds, req.host);
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  const res = await send(ctx, provider, {
    method: req.method, url, headers: requestHeaders(provider, creds, body !== undefined), body, redact, retries: check.retries, timeoutMs: 15_000, auth,
    // An identity check only reads, whatever its method (Yandex's is a POST).
    readOnly: true,
    // Yandex limits token checks per hour: never sit out an hour-long window in a CI step.
    maxWaitMs: 30_000,
    onEvent: check.onEvent,
    ...(check.pace ? { pace: () => check.pace!(req.host ?? provider.hosts?.of(req.path) ?? url.origin) } : {}),
    onAnswer: check.onAnswer,
  });
  // Walked afterwards: redacted with a recursive walk (redactDeep), and written out by whoami --json.
  return answerJson({ provider, method: req.method, url, redact, secrets: [...secretValues(provider, creds), ...(auth?.tokens() ?? [])] }, res);
}

/**
 * Proves a credential set against the provider's identity call and says who it is. A provider with a
 * token grant needs `auth`: its check is the exchange (or the cached token) and then the call.
 */
export async function verifyCredentials(ctx: Context, provider: Provider, creds: Credentials, base: URL, onEvent?: OnEvent, auth?: TokenSession, traffic: Traffic = {}): Promise<Identity> {
  const now = new Date(ctx.clock.now());
  refuseExpired(provider, creds, now);
  const redact = createRedactor(secretValues(provider, creds), () => auth?.tokens() ?? []);
  const verification = provider.verify(creds);
  // The detail call and the probes go out alongside the check: one round trip instead of several against a far API.
  const detail = verification.enrich
    ? callJson(ctx, provider, creds, base, verification.enrich.request, { redact, retries: 0, auth, pace: traffic.pace }).catch(() => undefined)
    : undefined;
  // Probes are not retried: a ping may be limited to a few a minute (Wildberries: 3 per 30 s).
  const probes = (verification.probes ?? []).map((p) => callJson(ctx, provider, creds, base, p.request, { redact, retries: 0, auth, pace: traffic.pace }).then(() => undefined, (err: unknown) => err));
  // A check can take three 15 s attempts: the caller says why it waits.
  // Redacted before the provider reads it: identity() may cut a field (a date to 10 characters), and
  // a cut-off key would no longer be recognised by redaction afterwards.
  const json = redactDeep(await callJson(ctx, provider, creds, base, verification.request, { redact, retries: 2, onEvent, auth, ...traffic }), redact);
  const identity = verification.identity(json, creds, now);
  // A 2xx that is not the provider's identity answer must not pass a CI check: most likely the base
  // URL points at some other service.
  if (!identity) {
    const { method, path, host } = verification.request;
    throw new ProviderHttpError(redact(`${provider.id}: ${method} ${requestUrl(provider, base, path, creds, host).pathname} answered, but not as ${provider.title} does: is the base URL (${base.origin}) right?`), 200, 'other');
  }
  const extra = await detail;
  // Detail only: a key without the role for this method is still a valid key.
  if (extra !== undefined) verification.enrich!.apply(identity, redactDeep(extra, redact));
  const facts = credentialFacts(provider, creds, now);
  if (facts) {
    identity.lines.push(...facts.lines);
    identity.warnings.push(...facts.warnings);
    identity.data = { ...identity.data, token: facts.data };
  }
  addProbes(identity, verification, await Promise.all(probes));
  const held = auth?.current();
  if (held) addTokenLine(identity, { expiresAt: held.token.expiresAt, reused: held.reused }, now.getTime());
  // The lines are also built from the credentials themselves.
  return redactDeep(identity, redact);
}

/**
 * One line per probe: `ok`, or `failed` with the reason as a warning (a rate limit, the network: the
 * set was still accepted). A probe that rejects the credentials fails the check (exit 4), naming the others.
 */
function addProbes(identity: Identity, verification: Verification, failures: unknown[]): void {
  const labels = (verification.probes ?? []).map((p) => p.label);
  if (verification.label !== undefined) identity.lines.push([verification.label, 'ok']);
  if (labels.length === 0) return;
  for (const err of failures) if (err !== undefined && !(err instanceof MktError)) throw err;
  const errors = failures as Array<MktError | undefined>;
  const rejected = errors.findIndex((err) => err?.exitCode === ExitCode.rejected);
  if (rejected >= 0) {
    const others = labels.map((l, i) => `${l} ${i === rejected ? 'rejected' : errors[i] ? 'failed' : 'ok'}`).join(', ');
    errors[rejected]!.hints.unshift(`${labels[rejected]}: the credentials were rejected there, though accepted elsewhere (${others})`);
    throw errors[rejected];
  }
  labels.forEach((label, i) => {
    identity.lines.push([label, errors[i] ? 'failed' : 'ok']);
    if (errors[i]) identity.warnings.push(`${label} failed: ${errors[i]!.message}`);
  });
  const checks = Object.fromEntries(labels.map((l, i) => [l, errors[i] ? `failed: ${errors[i]!.message}` : 'ok']));
  identity.data.checks = { ...(identity.data.checks as Record<string, string> | undefined), ...checks };
}

/** When the access token expires and whether it was reused, never the token itself. */
function addTokenLine(identity: Identity, token: { expiresAt: number; reused: boolean }, now: number): void {
  const minutes = Math.max(0, Math.floor((token.expiresAt - now) / 60_000));
  const until = new Date(token.expiresAt).toISOString().slice(11, 16);
  identity.lines.push(['access token', `${token.reused ? 'reused' : 'new'}, valid until ${until} UTC (${minutes} min)`]);
  identity.data.accessToken = { reused: token.reused, expiresAt: new Date(token.expiresAt).toISOString() };
}
