import { Option, type Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context, Provider } from '../../core/types.js';
import type { RunState } from '../program.js';
import { UsageError } from '../../core/errors.js';
import { getProvider } from '../../core/registry.js';
import { METHODS, prepareCall, type BodySources } from '../../core/call.js';
import { commonOptions, readStdin } from '../common.js';
import type { SendFlags } from '../call-run.js';
import { chooseOutput, type OutputFlags } from '../renderers/choose.js';
import { fileProblem, MAX_BODY_FILE_BYTES, tooLarge } from '../../core/body-file.js';
import { openBodyStream, readBodyFile } from '../body-files.js';
import { examplesHelp, providerArgument } from '../help-text.js';
import { TABLE_FORMATS } from '../../core/table.js';
import { noteUnusedEnvironment } from '../source-note.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const DAY_S = 86_400;

/**
 * A numeric option, refused unless it is a number in range: the empty string (Number('') is 0) and
 * values past what a timer can hold (~24.8 days, beyond which Node fires it at once) included.
 */
export function numberOption(name: string, { min, max, integer = false, zero }: { min: number; max: number; integer?: boolean; zero?: string }) {
  return (raw: string): number => {
    const n = raw.trim() === '' ? NaN : Number(raw);
    const whole = !integer || Number.isInteger(n);
    if (whole && ((n === 0 && zero) || (n >= min && n <= max))) return n;
    throw new UsageError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}${zero ? `, or 0 (${zero})` : ''}; not ${quote(raw)}`);
  };
}

export function registerCall(program: Command, ctx: Context, state: RunState): void {
  program
    .command('call')
    .description('an authenticated request to a provider: path relative to its base URL, pretty JSON out')
    .argument('<provider>', providerArgument(ctx.providers))
    .argument('<request...>', '[METHOD] <path> [items...]: Header:value, param==value, field=value, field:=json, field=@file, field:=@file.json')
    .option('-H, --header <header>', "extra header 'Name: value' (repeatable)", collect)
    .option('-d, --data <json>', 'JSON body: inline, @file, or - for stdin')
    .option('--input <file>', 'raw body streamed from a file, or - for stdin')
    .option('-i, --include', 'print the status line and response headers')
    .option('-v, --verbose', 'print the request and response on stderr (secrets redacted)')
    .option('--json', 'print the body as compact JSON')
    .option('--raw', 'pass the body through byte for byte, never reformatted')
    .option('--filter <path>', 'print only what a path selects, one per line: result.items[].offer_id, items[0], a["k"]')
    .option('--paginate', "follow the provider's cursor; one JSON page per line")
    .option('--items', 'with --paginate: one item per line instead of pages')
    .option('--slurp', 'with --paginate: one JSON array of all the pages (or items) instead of one per line')
    .addOption(new Option('--output <format>', 'items as a spreadsheet: a header row, then one row per item (needs --fields)').choices(TABLE_FORMATS))
    .option('--fields <list>', 'with --output: the columns, as paths: offer_id,price.value,images[0]')
    .option('--max-pages <n>', 'with --paginate: stop after n pages', numberOption('--max-pages', { min: 1, max: 1e9, integer: true }))
    .option('--rate <n>', "with --paginate: requests per second (default: the provider's limit, see `mkt providers`; 0 = no pacing)", numberOption('--rate', { min: 0.001, max: 100_000, zero: 'no pacing' }))
    .option('--timeout <seconds>', 'connect and answer time limit (0 = none)', numberOption('--timeout', { min: 0.001, max: DAY_S, zero: 'no limit' }), 30)
    .option('--retries <n>', 'retries for rate limits, and for 5xx/network errors on read-only calls', numberOption('--retries', { min: 0, max: 100, integer: true }), 3)
    .option('--max-wait <seconds>', 'give up when the provider asks to wait longer than this', numberOption('--max-wait', { min: 0, max: DAY_S }), 120)
    .option('--no-validate', "send even when a field the provider's spec requires is missing")
    .option('--dry-run', 'print the request that would be sent (secrets redacted) and send nothing')
    .option('--curl', 'print an equivalent curl command that reads secrets from env vars, and send nothing')
    .addHelpText('after', examplesHelp(ctx.providers, 'call'))
    .action(async (name: string, request: string[], flags: CallFlags, cmd: Command) => {
      const provider = getProvider(ctx.providers, name);
      const { choice, baseUrl } = commonOptions(cmd);
      const { method, path, items } = splitRequest(request, provider);
      checkPaginateOnly(flags);
      const output = chooseOutput(flags);
      const io: BodySources = {
        readFile: (p) => readBodyFile(p, '@file'),
        readStdin: () => readStdin(ctx.io.stdin, { bytes: MAX_BODY_FILE_BYTES, tooLarge: () => tooLarge('-d -') }),
        openStream: (p) => openInput(p),
        stdin: () => ctx.io.stdin,
      };
      const call = await prepareCall(ctx, { provider, choice, baseUrlFlag: baseUrl, method, path, items, headers: flags.header ?? [], data: flags.data, input: flags.input, validate: flags.validate }, io);
      noteUnusedEnvironment(ctx, provider, call.resolved);
      // The request machinery (node:http, output) loads only when a call really runs.
      const { runCall } = await import('../call-run.js');
      state.exitCode = await runCall(ctx, call, output, flags);
    });
}

type CallFlags = SendFlags & OutputFlags & { header?: string[]; data?: string; input?: string; validate: boolean };

/** Options that would be ignored without --paginate are refused, rather than silently dropped. */
function checkPaginateOnly(flags: CallFlags): void {
  if (flags.paginate) return;
  const only = (option: string) => new UsageError(`${option} works only with --paginate`);
  if (flags.items) throw only('--items');
  if (flags.slurp) throw only('--slurp');
  if (flags.maxPages !== undefined) throw only('--max-pages');
  if (flags.rate !== undefined) throw only('--rate');
}

/** `[METHOD] <path> [items...]`: the method may be left out (GET, or POST when there is a body). */
function splitRequest(args: string[], provider: Provider): { method?: string; path: string; items: string[] } {
  const [first, second, ...rest] = args;
  if (first !== undefined && second !== undefined && METHODS.includes(first.toUpperCase() as never) && !first.includes('/')) {
    return { method: first, path: second, items: rest };
  }
  if (first === undefined || first.trim() === '' || (METHODS.includes(first.toUpperCase() as never) && second === undefined)) {
    throw new UsageError(`missing the request path, e.g. ${provider.examples?.call?.[0]?.[0] ?? `mkt call ${provider.id} GET /path`}`);
  }
  // `FOO /v1/roles`: a word where the method goes, then a path, is a mistyped method, not a path.
  if (second?.startsWith('/') && /^[A-Za-z]+$/.test(first)) {
    throw new UsageError(`unknown HTTP method ${quote(first)} (use ${METHODS.join(', ')})`);
  }
  return { path: first, items: second === undefined ? [] : [second, ...rest] };
}

function openInput(path: string): NodeJS.ReadableStream {
  try {
    return openBodyStream(path);
  } catch (err) {
    throw new UsageError(`--input ${path}: cannot read the file${fileProblem(err)}`);
  }
}
