/**
 * The command definitions as data: what commander holds for `mkt` and each command, read through its
 * public Help API, so a command or option added anywhere appears here (and in the man page and the
 * completion built from this) without being listed again. Made at build time (scripts/build.mjs).
 */
import type { Command, Help, Option } from 'commander';

export interface OptionSpec {
  /** As the help shows them: `-p, --profile <name>`. */
  flags: string;
  /** `['-p', '--profile']`. */
  names: string[];
  /** The value it takes, if any: `<name>` (required) or `[name]` (optional). */
  value?: { name: string; optional: boolean };
  choices?: string[];
  /** The help's description, with its default and choices. */
  description: string;
}

export interface ArgumentSpec {
  name: string;
  required: boolean;
  variadic: boolean;
  choices?: string[];
  description: string;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  /** `mkt login [options] <provider>`. */
  usage: string;
  description: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
  /** The help text after the options (the examples), as `mkt help <command>` prints it. */
  after: string;
}

export interface ProgramSpec extends CommandSpec {
  version: string;
  commands: CommandSpec[];
}

/** `capture(cmd)` is what `mkt <cmd> --help` prints in full: the part after the options is kept as `after`. */
export function describeProgram(program: Command, capture: (cmd: Command) => string): ProgramSpec {
  const help = program.createHelp();
  return {
    ...describeCommand(program, help, capture, program.name()),
    version: program.version() ?? '',
    commands: help.visibleCommands(program).map((cmd) => describeCommand(cmd, cmd.createHelp(), capture, `${program.name()} ${cmd.name()}`)),
  };
}

function describeCommand(cmd: Command, help: Help, capture: (cmd: Command) => string, fullName: string): CommandSpec {
  const core = cmd.helpInformation();
  const full = capture(cmd);
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    usage: `${fullName} ${cmd.usage()}`.trim(),
    description: help.commandDescription(cmd),
    // The global options belong to the program's own entry, not repeated under each command.
    options: help.visibleOptions(cmd).map((o) => describeOption(o, help)),
    arguments: help.visibleArguments(cmd).map((a) => ({
      name: a.name(),
      required: a.required,
      variadic: a.variadic,
      ...(a.argChoices ? { choices: [...a.argChoices] } : {}),
      description: help.argumentDescription(a),
    })),
    after: full.startsWith(core) ? full.slice(core.length).replace(/^\n+/, '').trimEnd() : '',
  };
}

function describeOption(option: Option, help: Help): OptionSpec {
  const value = /([<[])([^>\]]+)[>\]]/.exec(option.flags);
  return {
    flags: option.flags,
    names: [option.short, option.long].filter((n): n is string => n !== undefined),
    ...(value ? { value: { name: value[2]!.replace(/\.\.\.$/, ''), optional: value[1] === '[' } } : {}),
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    description: help.optionDescription(option),
  };
}
