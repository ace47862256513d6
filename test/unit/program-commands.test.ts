import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS, commandNamedIn } from '../../src/cli/program.js';
import { testContext } from '../helpers/memory-context.js';

const build = (argv?: string[]) => buildProgram(testContext(), { exitCode: 0 }, argv);

/** A command's help and its options' parsing rules, as commander shows and keeps them. */
function describeCommand(cmd: Command) {
  let help = '';
  cmd.configureOutput({ writeOut: (s) => (help += s) });
  cmd.outputHelp();
  const options = cmd.options.map((o) => [o.flags, o.description, o.defaultValue, o.envVar, o.hidden, o.negate]);
  const subcommands = cmd.commands.map((c) => c.name());
  return { help, options, subcommands };
}

describe('the program builds only the command a run names first', () => {
  it('lists every command of the full program, in its order (help is the full program\'s only)', () => {
    expect(build().commands.map((c) => c.name())).toEqual([...COMMANDS.map(([name]) => name), 'help']);
  });

  it.each(COMMANDS.map(([name]) => name))('%s alone is the same command, help and options, as in the full program', (name) => {
    const alone = build([name, '--json']);
    expect(alone.commands.map((c) => c.name())).toEqual([name]);
    const full = build().commands.find((c) => c.name() === name)!;
    expect(describeCommand(alone.commands[0]!)).toEqual(describeCommand(full));
    expect(alone.options.map((o) => o.flags)).toEqual(build().options.map((o) => o.flags));
  });

  // Runs that end in help, a version or a usage error: nothing is sent, so both programs can run them.
  const RUNS = [
    ['whoami', '--help'], ['login', '--version'], ['login', '--help', '--version'], ['profile', '--version'], ['whoami', '--', '--help'],
    ['call', 'ozon', '--jsn'], ['profile', 'lst'], ['profile', 'help', 'list'], ['completion', 'tcsh'], ['whoami', '-p', 'bad name!'],
    ['status', '--bogus'], ['headers'], ['api', '--help'], ['exec', '--help'], ['logout', 'ozon', 'extra', 'args'], ['mcp', '--nope'],
  ];
  it.each(RUNS.map((argv) => [argv.join(' '), argv]))('`mkt %s` prints and ends the same either way', async (_, argv) => {
    const outcome = async (program: (ctx: ReturnType<typeof testContext>) => Command) => {
      const ctx = testContext();
      const error = await program(ctx).parseAsync(argv, { from: 'user' }).then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? { name: e.constructor.name, message: e.message, code: (e as { code?: unknown }).code, exitCode: (e as { exitCode?: unknown }).exitCode } : e),
      );
      await new Promise((r) => setImmediate(r));
      return { out: ctx.out(), err: ctx.err(), error };
    };
    const alone = await outcome((ctx) => buildProgram(ctx, { exitCode: 0 }, argv));
    const full = await outcome((ctx) => buildProgram(ctx, { exitCode: 0 }));
    expect(alone).toEqual(full);
    expect(alone.out + alone.err + JSON.stringify(alone.error ?? '')).not.toBe('');
  });

  it('builds the whole program when the first argument names no command (a global option, help, a typo)', () => {
    for (const argv of [['-p', 'shop2', 'whoami'], ['help', 'whoami'], ['whoamy'], ['--help'], []]) expect(commandNamedIn(argv), argv.join(' ')).toBeUndefined();
    expect(build(['whoamy']).commands).toHaveLength(COMMANDS.length + 1);
  });
});
