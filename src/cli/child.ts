/** `mkt exec`'s child: started with the environment core built, its signals passed on, its exit code passed back. */
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { isatty } from 'node:tty';
import { MktError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { quote } from '../core/quote.js';

/** Signals a supervisor sends to mkt's pid (a CI timeout, `kill`, a closed terminal), passed to the child. */
const FORWARDED = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2'] as const;
/** The ones a terminal sends from the keyboard, to its whole foreground process group, child included. */
const FROM_KEYBOARD = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT']);

/**
 * Runs the program and resolves with its exit code, 128+n when it died of signal n (as a shell
 * reports it). A program that is not found is exit 127, one that cannot be run 126 (the shell's codes).
 */
export async function runChild(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here: node:child_process costs ~2 ms, and only this command needs it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'inherit' });
    // While the child runs, mkt only waits: a signal is the child's to handle, and mkt reports how it ended.
    const saved = process.listeners('SIGINT');
    const pass = (signal: NodeJS.Signals) => {
      // Ctrl-C reached the child already when both are in the terminal's foreground group: a second
      // SIGINT would cut short the child's own clean-up.
      if (!(FROM_KEYBOARD.has(signal) && keyboardReachedChild())) child.kill(signal);
    };
    // Ours on before the others come off: with no SIGINT listener in between, Node closes its signal
    // watcher, and a Ctrl-C arriving then would kill mkt and leave the child orphaned.
    for (const signal of FORWARDED) process.on(signal, pass);
    for (const l of saved) process.off('SIGINT', l as () => void);
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      for (const signal of FORWARDED) process.off(signal, pass);
      for (const l of saved) process.on('SIGINT', l as () => void);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      restore();
      reject(cannotRun(file, err));
    });
    child.on('exit', (code, signal) => {
      restore();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function cannotRun(file: string, err: NodeJS.ErrnoException): MktError {
  if (err.code === 'ENOENT') return new MktError(`cannot run ${quote(file)}: command not found`, ExitCode.notFound, ['check the name and PATH']);
  const why = err.code === 'EACCES' ? 'permission denied (not an executable file)' : (err.code ?? err.message);
  return new MktError(`cannot run ${quote(file)}: ${why}`, ExitCode.notExecutable);
}

/**
 * Whether mkt (and so its child, in the same group) is in the foreground process group of its
 * terminal, where a key's signal goes to every process. On Linux the kernel says so (/proc/self/stat:
 * pgrp and tpgid); elsewhere, a terminal on mkt's stdio is taken to mean it is.
 */
function keyboardReachedChild(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[2] === fields[5];
  } catch {
    return isatty(0) || isatty(1) || isatty(2);
  }
}
