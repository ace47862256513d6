/**
 * A spinner on stderr while `fn` works; ora (~38 ms to load) is imported only when one is shown.
 * `discardStdin: false` (here and in call-pages.ts): ora's default puts the terminal in raw mode,
 * where Ctrl-C is a byte, not SIGINT, and its reader of those bytes never starts on a stdin no one
 * has read yet, so Ctrl-C did nothing. Keys typed meanwhile echo; Ctrl-C always ends mkt with 130.
 */
export interface SpinnerHandle {
  start: () => void;
  /** A line about the work (a retry wait): on the spinner's own line, or stderr without one. */
  say: (line: string) => void;
}

export async function withSpinner<T>(show: boolean, text: string, fn: (spinner: SpinnerHandle) => Promise<T>): Promise<T> {
  if (!show) return fn({ start: () => {}, say: (line) => process.stderr.write(`mkt: ${line}\n`) });
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr, discardStdin: false });
  try {
    const result = await fn({ start: () => spinner.start(), say: (line) => (spinner.text = `${text} (${line})`) });
    if (spinner.isSpinning) spinner.succeed(`${text}: ok`);
    return result;
  } catch (err) {
    if (spinner.isSpinning) spinner.fail(`${text}: failed`);
    throw err;
  }
}
