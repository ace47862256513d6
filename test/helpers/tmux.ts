/**
 * A real terminal for interactive tests: a private tmux server (its own socket, no config file)
 * running one command, driven with send-keys and read with capture-pane, as a person would.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POLL_MS = 50;

/** Why tmux tests cannot run here, or undefined. In CI a missing tmux is an error, not a skip. */
export function tmuxSkipReason(): string | undefined {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return undefined;
  const reason = `tmux not found (apt-get install tmux): ${probe.error?.message ?? probe.stderr.trim()}`;
  if (process.env['CI'] && !['false', '0'].includes(process.env['CI'])) throw new Error(`tmux tests cannot run in CI: ${reason}`);
  return reason;
}

export interface Terminal {
  /** Types text literally (no key names are interpreted). */
  type(text: string): Promise<void>;
  /** Presses keys by tmux name: Enter, BSpace, C-c... */
  press(...keys: string[]): Promise<void>;
  /** Everything on the screen and in the scrollback, wrapped lines joined. */
  screen(): Promise<string>;
  /** Every byte the program wrote to the terminal, including output later overwritten on screen. */
  rawOutput(): Promise<string>;
  /** Polls the screen until it matches; throws with the screen in the message at the deadline. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the `EXIT=<code>` line printed after the command and returns the code. */
  exitCode(timeoutMs?: number): Promise<number>;
  kill(): Promise<void>;
}

/**
 * Runs `argv` in a 120x40 terminal with exactly `env` (plus PATH and a UTF-8 locale), then prints EXIT=<code>.
 * The pane stays open after the command ends (remain-on-exit) so its last screen can be read.
 * The server's socket and the output log go in `dir` (a test's temp dir): tmux leaves its socket file behind.
 */
export async function openTerminal(argv: string[], env: Record<string, string>, dir: string): Promise<Terminal> {
  const session = `mkt-test-${randomBytes(4).toString('hex')}`;
  const logPath = join(dir, `${session}.log`);
  const tmux = (...args: string[]) => run('tmux', ['-S', join(dir, `${session}.sock`), ...args], { env: tmuxEnv(env) });
  const target = `${session}:0.0`;
  // One tmux invocation, so pipe-pane and remain-on-exit are in place before the program writes or exits.
  // bash, not sh: Ctrl-C on a terminal not in raw mode is SIGINT to the whole foreground group, and
  // dash dies of it before printing EXIT; bash waits and dies only if the program died of it too.
  await tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '120', '-y', '40',
    'bash', '-c', '"$@"; echo "EXIT=$?"', 'bash', ...argv,
    ';', 'set-option', '-g', 'remain-on-exit', 'on',
    ';', 'pipe-pane', '-t', target, `cat >> '${logPath}'`);

  const screen = async () => (await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', target)).stdout;
  const waitFor = async (pattern: RegExp, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await screen();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`${pattern} did not appear on the terminal in ${timeoutMs} ms; the screen:\n${text}`);
      await sleep(POLL_MS);
    }
  };
  return {
    type: async (text) => void (await tmux('send-keys', '-t', target, '-l', text)),
    press: async (...keys) => void (await tmux('send-keys', '-t', target, ...keys)),
    screen,
    rawOutput: async () => readFile(logPath, 'utf8').catch(() => ''),
    waitFor,
    exitCode: async (timeoutMs) => Number(/^EXIT=(\d+)\s*$/m.exec(await waitFor(/^EXIT=\d+\s*$/m, timeoutMs))![1]),
    kill: () => tmux('kill-server').then(() => undefined, () => undefined),
  };
}

function tmuxEnv(env: Record<string, string>): Record<string, string> {
  // The tmux server copies its environment from the client that starts it: give it only what the test chose.
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env };
}
