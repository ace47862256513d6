/**
 * mkt with stdout and stderr on a terminal (util-linux `script`), as a person sees it: for the output
 * paths that only run on a terminal (pretty-printed, coloured JSON). tmux (tmux.ts) is for typing.
 */
import { spawn } from 'node:child_process';
import { BIN, type RunResult } from './cli.js';

/** `stdout` is what the terminal showed with colour codes removed; `stderr` the same with them. */
export function runOnTerminal(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no end: ${out.slice(-2000)}`)); }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      // A terminal shows stdout and stderr as one stream; keep both fields so expectNoSecret checks it.
      const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
      resolve({ code, stdout: plain, stderr: out });
    });
    child.stdin.end();
  });
}

/** Whether `script` is here to give a terminal. */
export const hasScript = await new Promise<boolean>((resolve) => {
  const p = spawn('script', ['--version']);
  p.on('error', () => resolve(false));
  p.on('close', (code) => resolve(code === 0));
});
