import { Option, type Command } from 'commander';
import type { Context, Credentials, ProfileEntry, Provider, StoreKind } from '../../core/types.js';
import { CancelledError, UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { accountName, envCredentials } from '../../core/credentials.js';
import { maskId } from '../../core/redact.js';
import { parseCredentialInput } from '../../core/credential-input.js';
import { cleanField } from '../../core/validate.js';
import { login } from '../../core/login.js';
import { commonOptions, readStdin } from '../common.js';
import { canSpin, paintFor, table, waitLine } from '../output.js';
import { promptConfirm, promptSecret, promptText } from '../prompt.js';
import { withSpinner } from '../spinner.js';

interface LoginFlags {
  store: StoreKind;
  verify: boolean;
  stdin?: boolean;
  fromEnv?: boolean;
  clientId?: string;
}

export function registerLogin(program: Command, ctx: Context): void {
  program
    .command('login')
    .description('save credentials for a provider: prompted (secrets masked), verified, stored in the OS keychain')
    .argument('<provider>', 'ozon, yandex or ozzie')
    .addOption(new Option('--store <kind>', 'where to keep the secret').choices(['keychain', 'file']).default('keychain'))
    .option('--no-verify', 'store without checking against the API')
    .option('--stdin', 'read KEY=VALUE lines or a JSON object (a bare token for yandex) from stdin')
    .option('--from-env', "take the provider's environment variables (OZON_CLIENT_ID, OZON_API_KEY...)")
    .option('--client-id <id>', 'the non-secret id (ozon Client-Id, ozzie client_id); secrets never come from argv')
    .addHelpText('after', `
Examples:
  mkt login ozon                                  prompt on the terminal
  printf 'OZON_CLIENT_ID=123\\nOZON_API_KEY=%s\\n' "$KEY" | mkt login ozon --stdin
  echo "$YANDEX_TOKEN" | mkt login yandex --stdin --profile shop2
  mkt login ozzie --from-env --store file         encrypted file instead of the keychain`)
    .action(async (name: string, flags: LoginFlags, cmd: Command) => {
      const provider = getProvider(ctx.providers, name);
      const { profile, baseUrl } = commonOptions(cmd);
      const asked = { replace: false };
      const values = await gatherValues(ctx, provider, flags, profile, asked);
      const interactive = canSpin(ctx.io.stderr);
      const paint = await paintFor(ctx.io.stdout, ctx.env);
      const result = await withSpinner(interactive && flags.verify, `Verifying with ${provider.title}`, (spinner) =>
        login(ctx, { provider, profile, store: flags.store, values, verify: flags.verify, baseUrlFlag: baseUrl, onVerify: spinner.start, onWait: (ms, reason) => spinner.say(waitLine(ms, reason)) }));
      const verified = result.identity ? 'verified, ' : 'not verified, ';
      ctx.io.stdout.write(`${paint.green('✓')} Logged in to ${provider.title} (profile ${profile}; ${verified}stored in ${flags.store})\n`);
      if (result.identity) {
        ctx.io.stdout.write(table(result.identity.lines));
        for (const w of result.identity.warnings) ctx.io.stderr.write(`${paint.yellow('!')} ${w}\n`);
      }
      const warn = (line: string) => ctx.io.stderr.write(`${paint.yellow('!')} ${line}\n`);
      const old = result.replaced;
      if (old && !asked.replace) warn(`replaced the profile stored before: ${describeEntry(provider, old)}`);
      if (old && old.store !== flags.store) {
        if (result.leftover) warn(`its old secret stays in the ${old.store} store: ${result.leftover.message}; \`mkt logout --all\` removes it later`);
        else if (asked.replace) warn(`its old secret was removed from the ${old.store} store`);
      }
    });
}

function describeEntry(provider: Provider, entry: ProfileEntry): string {
  const label = (key: string) => provider.fields.find((f) => f.key === key)?.label ?? key;
  const ids = Object.entries(entry.ids).map(([key, value]) => `${label(key)} ${maskId(value)}, `).join('');
  return `${ids}${entry.store} store, saved ${entry.savedAt.slice(0, 10)}`;
}

/**
 * Before anything is typed: the store must be able to keep the secret (a keychain that answers, the
 * file store's passphrase), and a profile already stored is replaced only if the person says so.
 */
async function prepareForPrompts(ctx: Context, provider: Provider, profile: string, store: StoreKind, asked: { replace: boolean }): Promise<void> {
  await (await ctx.store(store)).ready(accountName(provider.id, profile));
  const existing = await ctx.config.get(provider.id, profile);
  if (!existing) return;
  const moving = existing.store !== store ? `; its secret moves from the ${existing.store} store to the ${store} store` : '';
  if (!(await promptConfirm(`${provider.id} profile ${profile} is already stored (${describeEntry(provider, existing)})${moving}. Replace it?`))) {
    throw new CancelledError('kept the stored profile; nothing was changed');
  }
  asked.replace = true;
}

async function gatherValues(ctx: Context, provider: Provider, flags: LoginFlags, profile: string, asked: { replace: boolean }): Promise<Credentials> {
  if (flags.stdin && flags.fromEnv) throw new UsageError('use either --stdin or --from-env, not both');
  let values: Credentials = {};
  if (flags.fromEnv) {
    const env = envCredentials(provider, ctx.env);
    if (!env.values) throw new UsageError(`--from-env: ${env.missing.join(' and ')} ${env.missing.length > 1 ? 'are' : 'is'} not set`);
    values = env.values;
  } else if (flags.stdin) {
    values = parseCredentialInput(provider, await readStdin(ctx.io.stdin));
  }
  if (flags.clientId !== undefined) {
    const field = provider.fields.find((f) => f.flag === '--client-id');
    if (!field) throw new UsageError(`${provider.id} has no client id; --client-id does not apply`);
    if (values[field.key] !== undefined && values[field.key] !== flags.clientId) {
      throw new UsageError(`${field.label} given twice, differently: by --client-id and by ${flags.stdin ? 'stdin' : field.env}`);
    }
    values[field.key] = flags.clientId;
  }
  const missing = provider.fields.filter((f) => values[f.key] === undefined);
  if (missing.length === 0) return values;
  // Half a set on stdin is a mistake in what was piped, not a reason to look for a terminal.
  if (flags.stdin) {
    throw new UsageError(`stdin has no ${missing.map((f) => f.env).join(' or ')} (expected ${provider.fields.map((f) => f.env).join(', ')})`);
  }
  if (!(ctx.io.stdin.isTTY && ctx.io.stderr.isTTY)) {
    throw new UsageError(`no terminal to prompt for ${missing.map((f) => f.label).join(' and ')}: pipe them with --stdin, or use --from-env`, [
      `e.g. printf '${missing.map((f) => `${f.env}=...`).join('\\n')}\\n' | mkt login ${provider.id} --stdin`,
    ]);
  }
  await prepareForPrompts(ctx, provider, profile, flags.store, asked);
  const paint = await paintFor(ctx.io.stderr, ctx.env);
  ctx.io.stderr.write(`${paint.bold(provider.title)}: where to find the credentials\n${provider.guide.map((g) => `  • ${g}\n`).join('')}\n`);
  for (const field of missing) {
    const label = `${field.label} ${paint.dim(`(${field.hint})`)}`;
    values[field.key] = field.secret
      ? await promptSecret(label)
      : await promptText(label, (v) => checkField(provider, field.key, v));
  }
  return values;
}

function checkField(provider: Provider, key: string, value: string): true | string {
  try {
    cleanField(provider, provider.fields.find((f) => f.key === key)!, value);
    return true;
  } catch (err) {
    return (err as Error).message;
  }
}
