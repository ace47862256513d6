import { spawn } from 'node:child_process';
import type { Env } from '../core/types.js';

export interface CommandRequest {
  command: string;
  args: readonly string[];
  /** The child's whole environment; its PATH is where `command` is looked up. */
  env: Env;
  /** Written to the child's stdin, then closed: never on argv, never in a file. */
  input?: string;
  /** Hand the child our own stdin (a terminal, for a prompt) instead of `input`. */
  inheritStdin?: boolean;
  /** Absent: no limit (a person at a terminal may be answering a prompt). */
  timeoutMs?: number;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CommandNotFound extends Error {
  constructor(readonly command: string) {
    super(`${command} is not installed (not found on PATH)`);
  }
}

export class CommandTimedOut extends Error {
  constructor(readonly command: string, readonly timeoutMs: number) {
    super(`${command} did not finish within ${Math.round(timeoutMs / 100) / 10} s`);
  }
}

/**
 * Runs a command to its end, or until the time limit: then its whole process group is killed, so a
 * gpg that pass started and that waits on a frozen gpg-agent does not outlive mkt.
 */
export function runCommand(request: CommandRequest): Promise<CommandResult> {
  const limited = request.timeoutMs !== undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(request.command, request.args, {
      env: request.env,
      stdio: [request.inheritStdin ? 'inherit' : 'pipe', 'pipe', 'pipe'],
      // Its own process group, to be killed whole; only without a terminal, which it would lose.
      detached: limited,
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle();
    };
    const timer = limited
      ? setTimeout(() => {
        killGroup(child.pid);
        child.stdout?.destroy();
        child.stderr?.destroy();
        child.unref();
        finish(() => reject(new CommandTimedOut(request.command, request.timeoutMs!)));
      }, request.timeoutMs)
      : undefined;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => finish(() => reject(error.code === 'ENOENT' ? new CommandNotFound(request.command) : error)));
    child.on('close', (code, signal) => finish(() => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })));
    if (child.stdin) {
      // A child that exits before reading all of it (pass refusing early) closes the pipe: not our failure.
      child.stdin.on('error', () => {});
      child.stdin.end(request.input ?? '');
    }
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Child processes are the one thing below cli/ that needs `process`: a negative pid names the group.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
