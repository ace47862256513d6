import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { status, type StatusRow } from '../../core/status.js';
import { profileFlag } from '../../core/credentials.js';
import { commonOptions } from '../common.js';
import { paintFor, type Paint } from '../output.js';
import { describeExpiry, expiresSoon } from '../../core/credential-facts.js';

export function registerStatus(program: Command, ctx: Context): void {
  program
    .command('status')
    .description('list stored profiles and credentials found in the environment (no network, no secret shown)')
    .option('--json', 'machine-readable list')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const { choice } = commonOptions(cmd);
      const rows = await status(ctx, choice);
      if (flags.json) {
        ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        ctx.io.stdout.write(choice.named
          ? `No credentials stored for profile ${choice.profile}. Run \`mkt login <provider> --profile ${choice.profile}\`.\n`
          : 'No credentials stored or set in the environment. Run `mkt login <provider>`.\n');
        return;
      }
      const paint = await paintFor(ctx.io.stdout, ctx.env);
      const lines = rows.map((r) => [
        r.active ? '*' : ' ',
        r.provider,
        r.profile ?? '-',
        r.source,
        Object.entries(r.ids).map(([k, v]) => `${k} ${v}`).join(' ') || '-',
        `${r.missing ? paint.red(`incomplete: ${r.missing.join(', ')} missing`) : r.pending ? paint.red(interrupted(r)) : r.source === 'env' ? 'from environment' : `saved ${day(r.savedAt)}, verified ${day(r.verifiedAt)}`}${expiry(r, paint)}${unused(r)}${r.chosen ? '; chosen by mkt profile use' : ''}${baseUrl(r)}`,
      ]);
      const head = [' ', 'PROVIDER', 'PROFILE', 'SOURCE', 'ID', 'DATES'];
      const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => stripAnsi(l[i]!).length)));
      const fmt = (cols: string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c + ' '.repeat(widths[i]! - stripAnsi(c).length))).join('  ');
      ctx.io.stdout.write(`${paint.dim(fmt(head))}\n${lines.map((l) => `${fmt(l)}\n`).join('')}`);
      if (rows.some((r) => r.active)) ctx.io.stdout.write(paint.dim('* the set a command uses for the provider when no --profile is given\n'));
    });
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
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
