import type { Context } from '../core/types.js';
import type { ProfileChoice } from '../core/credentials.js';
import { status, type StatusRow } from '../core/status.js';
import { profileFlag } from '../core/credentials.js';
import { paintFor, type Paint } from './output.js';
import { describeExpiry, expiresSoon } from '../core/credential-facts.js';

/** `mkt status` from the profile choice on: the rows, as JSON or as the table. Shared by both ways in (src/cli/status-entry.ts). */
export async function printStatus(ctx: Context, choice: ProfileChoice, json: boolean): Promise<void> {
  const rows = await status(ctx, choice);
  if (json) {
    ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    ctx.io.stdout.write(choice.named
      ? `No credentials stored for profile ${choice.profile}. Run \`mkt login <provider> --profile ${choice.profile}\`.\n`
      : 'No credentials stored or set in the environment. Run `mkt login <provider>`.\n');
    return;
  }
  ctx.io.stdout.write(statusTable(rows, await paintFor(ctx.io.stdout, ctx.env)));
}

const HEAD = [' ', 'PROVIDER', 'PROFILE', 'SOURCE', 'ID'] as const;

/**
 * The table as one string: the padded columns are never painted, so their widths are their lengths
 * (no escape codes to strip, a cost that grew with every row: an agency lists hundreds).
 */
export function statusTable(rows: StatusRow[], paint: Paint): string {
  // Plain loops and concatenation: this runs once per process, before V8 optimises anything, and
  // per-row arrays and closures cost more there than the text itself.
  const n = rows.length;
  const ids = new Array<string>(n);
  const w = HEAD.map((h) => h.length);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let id = '';
    for (const k in r.ids) id += `${id ? ' ' : ''}${k} ${r.ids[k]}`;
    ids[i] = id || '-';
    if (r.provider.length > w[1]!) w[1] = r.provider.length;
    if ((r.profile ?? '-').length > w[2]!) w[2] = (r.profile ?? '-').length;
    if (r.source.length > w[3]!) w[3] = r.source.length;
    if (ids[i]!.length > w[4]!) w[4] = ids[i]!.length;
  }
  const line = (mark: string, provider: string, profile: string, source: string, id: string): string =>
    `${mark.padEnd(w[0]!)}  ${provider.padEnd(w[1]!)}  ${profile.padEnd(w[2]!)}  ${source.padEnd(w[3]!)}  ${id.padEnd(w[4]!)}  `;
  let out = `${paint.dim(`${line(...HEAD)}DATES`)}\n`;
  let anyActive = false;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.active) anyActive = true;
    out += `${line(r.active ? '*' : ' ', r.provider, r.profile ?? '-', r.source, ids[i]!)}${dates(r, paint)}\n`;
  }
  if (anyActive) out += paint.dim('* the set a command uses for the provider when no --profile is given\n');
  return out;
}

function dates(r: StatusRow, paint: Paint): string {
  const state = r.missing ? paint.red(`incomplete: ${r.missing.join(', ')} missing`) : r.pending ? paint.red(interrupted(r)) : r.source === 'env' ? 'from environment' : `saved ${day(r.savedAt)}, verified ${day(r.verifiedAt)}`;
  return `${state}${expiry(r, paint)}${unused(r)}${r.chosen ? '; chosen by mkt profile use' : ''}${baseUrl(r)}`;
}

/** `, expires 2026-09-01 (in 120 days)`: yellow under 14 days, red once expired. */
function expiry(r: StatusRow, paint: Paint): string {
  if (r.expiresAt === undefined || r.daysLeft === undefined) return '';
  const e = { date: r.expiresAt.slice(0, 10), daysLeft: r.daysLeft, expired: r.expired === true };
  const text = `, expires ${describeExpiry(e)}`;
  return e.expired ? paint.red(text) : expiresSoon(e) ? paint.yellow(text) : text;
}

/** Why a listed set is not the one commands use (the profile rule of docs/configuration.md). */
function unused(r: StatusRow): string {
  if (r.used) return '';
  if (r.source !== 'env') return '; not used: the environment sets this provider';
  return r.chosenProfile ? `; not used: ${r.provider} uses profile ${r.chosenProfile}, chosen by mkt profile use` : '; not used: a profile is named (--profile, MKT_PROFILE)';
}

/** A base URL that is not the provider's own: a profile saved against the sandbox must not pass for the real one. */
function baseUrl(r: StatusRow): string {
  if (!r.baseUrlInUse) return '';
  const { url, from, loopback } = r.baseUrlInUse;
  return `; base URL ${url} (${from}${loopback ? ', loopback: a sandbox or a proxy' : ''})`;
}

const interrupted = (r: StatusRow): string => {
  const flag = profileFlag(r.profile ?? '');
  return `incomplete: ${r.pending} interrupted; \`mkt whoami ${r.provider}${flag}\` (or \`mkt logout ${r.provider}${flag}\`) finishes or undoes it`;
};

const day = (iso?: string): string => (iso ? iso.slice(0, 10) : 'never');
