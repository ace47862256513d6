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
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
