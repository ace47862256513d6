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
