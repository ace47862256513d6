import { MktError } from '../core/errors.js';
import { EXIT_MEANING, ExitCode, type ExitCodeValue } from '../core/exit-codes.js';
import { createProcessContext, type ProcessContext } from './context.js';
import { errorLine } from './output.js';
import { describeWriteFailure, flushed, writeFailure } from './stdio.js';
import { redactHandled } from '../core/redact.js';
import type { Io } from '../core/types.js';
import { rememberEnvironmentSecrets } from '../core/credentials.js';
import { envValue } from '../core/env-vars.js';

/**
 * What every run is framed by, whichever way it came in (the full program, src/cli/run.ts, or a
 * command's own small bundle, src/cli/status-entry.ts): Ctrl-C, every failure as one clear line and
 * a documented exit code, and output that could not be written. `exitOf` maps the failures only
 * the caller knows (commander's).
 */
export async function runFramed(body: (ctx: ProcessContext) => Promise<number>, exitOf: (err: unknown) => number | undefined = () => undefined): Promise<number> {
  const ctx = createProcessContext();
  const onSigint = () => {
    // On a terminal the line may follow a spinner or a prompt: start it afresh. A log gets no blank line.
    ctx.io.stderr.write(`${ctx.io.stderr.isTTY ? '\n' : ''}mkt: interrupted\n`);
    process.exit(ExitCode.interrupted);
  };
  process.once('SIGINT', onSigint);
  let code: number;
  try {
    rememberEnvironmentSecrets(ctx.providers, ctx.env);
    code = await body(ctx);
  } catch (err) {
    code = exitOf(err) ?? report(ctx.io.stderr, err, envValue(ctx.env, 'MKT_DEBUG'));
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
    // Its own failure was in what it printed (whoami's ✗ rows): its code, at least, is said here.
    ...(code === ExitCode.ok ? [] : [`it also failed on its own: exit ${code}, ${EXIT_MEANING[code as ExitCodeValue] ?? 'see docs/exit-codes.md'}; run it again with its output somewhere it can be written to see why`]),
  ]));
  await flushed(io.stderr);
  return code === ExitCode.ok ? ExitCode.output : code;
}

function report(stderr: NodeJS.WritableStream, err: unknown, debug: string | undefined): number {
  if (err instanceof MktError) {
    stderr.write(redactHandled(errorLine(err.message, err.hints)));
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(redactHandled(errorLine(`internal error: ${message.split('\n')[0]}`, ['run again with MKT_DEBUG=1 for details, and report it'])));
  if (debug && err instanceof Error && err.stack) stderr.write(`${redactHandled(err.stack)}\n`);
  return ExitCode.internal;
}
