import { CommanderError } from 'commander';
import { MktError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { createProcessContext } from './context.js';
import { buildProgram } from './program.js';
import { errorLine } from './output.js';
import { describeWriteFailure, flushed, writeFailure } from './stdio.js';
import { redactHandled } from '../core/redact.js';
import type { Io } from '../core/types.js';
import { rememberEnvironmentSecrets } from '../core/credentials.js';

/** Parses argv, runs the command and maps every failure to one clear line and a documented exit code. */
export async function run(argv: string[]): Promise<number> {
  const ctx = createProcessContext();
  const state = { exitCode: ExitCode.ok as number };
  const onSigint = () => {
    ctx.io.stderr.write('\nmkt: interrupted\n');
    process.exit(ExitCode.interrupted);
  };
  process.once('SIGINT', onSigint);
  let code: number;
  try {
    rememberEnvironmentSecrets(ctx.providers, ctx.env);
    const program = buildProgram(ctx, state);
    await program.parseAsync(argv, { from: 'user' });
    code = state.exitCode;
  } catch (err) {
    code = report(ctx.io.stderr, err, ctx.env.MKT_DEBUG);
  } finally {
    process.off('SIGINT', onSigint);
    await ctx.dispose();
  }
  return outputChecked(ctx.io, code);
}

/**
 * A command whose output could not be written (a full disk, an I/O error) has not done its job,
 * whatever it returned: after the final flush, so a last write that failed counts too. A command
 * that failed on its own keeps its code; the line still says that its output (the ✗ of whoami, say) is lost.
 */
async function outputChecked(io: Io, code: number): Promise<number> {
  const failure = writeFailure(io.stdout);
  if (!failure) return code;
  io.stderr.write(errorLine(`cannot write the output: ${describeWriteFailure(failure)}`, [
    'the command ran (a request may have been sent, a login stored); only what it printed is lost',
  ]));
  await flushed(io.stderr);
  return code === ExitCode.ok ? ExitCode.output : code;
}

function report(stderr: NodeJS.WritableStream, err: unknown, debug: string | undefined): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its one-line message.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (err instanceof MktError) {
    stderr.write(redactHandled(errorLine(err.message, err.hints)));
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(redactHandled(errorLine(`internal error: ${message.split('\n')[0]}`, ['run again with MKT_DEBUG=1 for details, and report it'])));
  if (debug && err instanceof Error && err.stack) stderr.write(`${redactHandled(err.stack)}\n`);
  return ExitCode.internal;
}
