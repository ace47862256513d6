import { Command, Option } from 'commander';
import type { Context } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import { checkProfileName } from '../core/validate.js';
import { envName } from '../core/env-vars.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerStatus } from './commands/status.js';
import { registerWhoami } from './commands/whoami.js';
import { registerCall } from './commands/call.js';
import { registerHeaders } from './commands/headers.js';
import { registerProviders } from './commands/providers.js';
import { registerApi } from './commands/api.js';
import { registerExec } from './commands/exec.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerCompletion } from './commands/completion.js';
import { registerMcp } from './commands/mcp.js';
import { registerProfile } from './commands/profile.js';
import { registerInject } from './commands/inject.js';
import { safeUsageMessage } from './usage-message.js';
import { examplesHelp } from './help-text.js';
import { colourErrorsOn, errorLine } from './output.js';

/** A command sets `exitCode` when it finishes with a failure it has already reported (e.g. whoami). */
export interface RunState {
  exitCode: number;
}

type Register = (program: Command, ctx: Context, state: RunState) => void;

/** Every command by its name, in the order `mkt --help` lists them (test/unit/program-commands.test.ts). */
export const COMMANDS: readonly (readonly [name: string, register: Register])[] = [
  ['login', registerLogin], ['logout', registerLogout], ['status', registerStatus], ['whoami', registerWhoami],
  ['call', registerCall], ['headers', registerHeaders], ['providers', registerProviders], ['api', registerApi],
  ['exec', registerExec], ['inject', registerInject], ['profile', registerProfile], ['mcp', registerMcp],
  ['sandbox', registerSandbox], ['completion', registerCompletion],
];

/**
 * The one command a run names first, when it names one: only that command is built. Defining all
 * fourteen (their options, help texts, examples) was ~2 ms of every run; what commander does with
 * the arguments of a command does not depend on its siblings. Anything else (a global option
 * first, `help`, a typo commander would suggest a name for) gets the whole program.
 */
export function commandNamedIn(argv: readonly string[]): Register | undefined {
  return COMMANDS.find(([name]) => name === argv[0])?.[1];
}

export function buildProgram(ctx: Context, state: RunState, argv?: readonly string[]): Command {
  colourErrorsOn(ctx.io.stderr, ctx.env);
  const program: Command = new Command('mkt')
    .description(`Marketplace seller API credentials in the OS keychain, and authenticated requests (${ctx.providers.all.map((p) => p.title).join(', ')})`)
    .version(VERSION, '-V, --version')
    // Checked as it is parsed: a key given as the profile must not reach any message or output.
    .addOption(new Option('-p, --profile <name>', 'credential profile').env(envName('MKT_PROFILE')).argParser(checkProfileName))
    .option('--base-url <url>', `override the provider's base URL (else ${ctx.providers.all.map((p) => p.baseUrlEnv).join(', ')})`)
    .showSuggestionAfterError(true)
    // Inherited by every command (so set before they are added): `mkt call --help` lists --profile too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // Asked of ctx.io, not process.stdout, which would be created for it (src/cli/stdio.ts).
      getOutHelpWidth: () => (ctx.io.stdout.isTTY && ctx.io.stdout.columns) || 80,
      getErrHelpWidth: () => (ctx.io.stderr.isTTY && ctx.io.stderr.columns) || 80,
      // mkt's help has no colour of its own, so there is none to keep.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      outputError: usageErrorWriter(() => program),
    })
    .addHelpText('after', `${examplesHelp(ctx.providers, 'top', { last: [
      ['mkt whoami', 'check every configured credential (exit code for CI)'],
      ['mkt sandbox', 'a local fake marketplace to try it all on'],
    ] })}

Exit codes: 0 ok, 1 internal, 2 usage, 3 no credentials, 4 rejected, 5 rate limited,
            6 network, 7 other HTTP error, 8 credential store, 9 output not written,
            126/127 exec: program cannot run / not found, 130 interrupted.`);
  const named = argv && commandNamedIn(argv);
  for (const register of named ? [named] : COMMANDS.map(([, r]) => r)) register(program, ctx, state);
  // Commander's own `help bogus` prints the whole usage as an error, with no line saying why.
  program.helpCommand(false);
  if (!named) addHelpCommand(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ ...program.configureOutput(), outputError: usageErrorWriter(() => cmd) });
  return program;
}

function addHelpCommand(program: Command): void {
  program
    .command('help')
    .argument('[command]', 'the command to explain')
    .description('display help for command')
    .action((name: string | undefined) => {
      if (name === undefined) return program.outputHelp();
      const command = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!command) throw new UsageError(`unknown command ${quote(name)}; the commands are listed by mkt --help`);
      command.outputHelp();
    });
}

/** Commander's error, as one `mkt: ` line and indented hints, made safe by safeUsageMessage. */
function usageErrorWriter(command: () => Command): (s: string, write: (s: string) => void) => void {
  return (s, write) => {
    const cmd = command();
    const flags = [...cmd.options, ...(cmd.parent?.options ?? [])].flatMap((o) => (o.long ? [o.long] : []));
    const [first, ...rest] = safeUsageMessage(s.replace(/^error: /, '').trimEnd(), flags).split('\n');
    write(errorLine(first!, rest));
  };
}
