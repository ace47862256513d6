import { CommanderError } from 'commander';
import { ExitCode } from '../core/exit-codes.js';
import { buildProgram } from './program.js';
import { runFramed } from './run-frame.js';

/** Parses argv, runs the command and maps every failure to one clear line and a documented exit code. */
export function run(argv: string[]): Promise<number> {
  return runFramed(async (ctx) => {
    const state = { exitCode: ExitCode.ok as number };
    await buildProgram(ctx, state, argv).parseAsync(argv, { from: 'user' });
    return state.exitCode;
  }, commanderExit);
}

/** Commander has already printed its one-line message. */
function commanderExit(err: unknown): number | undefined {
  if (!(err instanceof CommanderError)) return undefined;
  return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
}
