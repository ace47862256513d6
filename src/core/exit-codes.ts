/** Exit codes, documented in docs/exit-codes.md. A CI pipeline branches on these: never renumber. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  noCredentials: 3,
  rejected: 4,
  rateLimited: 5,
  network: 6,
  http: 7,
  store: 8,
  output: 9,
  /** `mkt exec`: the program was found but cannot be run; the shell's code. */
  notExecutable: 126,
  /** `mkt exec`: no such program; the shell's code. */
  notFound: 127,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Each code's meaning, as docs/exit-codes.md names it (test/unit/exit-codes.test.ts keeps the two together). */
export const EXIT_MEANING: Readonly<Record<ExitCodeValue, string>> = {
  0: 'ok',
  1: 'internal error',
  2: 'usage or bad input',
  3: 'no credentials',
  4: 'credentials rejected',
  5: 'rate limited',
  6: 'network',
  7: 'other HTTP error',
  8: 'credential store',
  9: 'output not written',
  126: '`mkt exec`: cannot run the program',
  127: '`mkt exec`: program not found',
  130: 'interrupted',
};
