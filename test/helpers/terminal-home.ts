/** The per-test set-up of the tmux tests: a fresh temp HOME, and every terminal opened in it gone after the test. */
import { afterEach, beforeEach } from 'vitest';
import { tempHome } from './cli.js';
import { openTerminal, type Terminal } from './tmux.js';

export interface TerminalHome {
  /** This test's HOME (and config dir); read it inside a test. */
  readonly home: ReturnType<typeof tempHome>;
  /** A terminal running `argv` with exactly `env`; killed after the test. */
  open(argv: string[], env: Record<string, string>): Promise<Terminal>;
}

export function useTerminalHome(): TerminalHome {
  let home: ReturnType<typeof tempHome> | undefined;
  const opened: Terminal[] = [];
  beforeEach(() => {
    home = tempHome();
  });
  afterEach(async () => {
    for (const term of opened.splice(0)) await term.kill();
    home?.cleanup();
    home = undefined;
  });
  const current = () => {
    if (!home) throw new Error('the test home exists only while a test runs');
    return home;
  };
  return {
    get home() {
      return current();
    },
    async open(argv, env) {
      const term = await openTerminal(argv, env, current().dir);
      opened.push(term);
      return term;
    },
  };
}
