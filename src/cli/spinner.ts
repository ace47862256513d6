/** A spinner on stderr while `fn` works; ora (~38 ms to load) is imported only when one is shown. */
export interface SpinnerHandle {
  start: () => void;
}

export async function withSpinner<T>(show: boolean, text: string, fn: (spinner: SpinnerHandle) => Promise<T>): Promise<T> {
  if (!show) return fn({ start: () => {} });
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr });
  try {
    const result = await fn({ start: () => spinner.start() });
    if (spinner.isSpinning) spinner.succeed(`${text}: ok`);
    return result;
  } catch (err) {
    if (spinner.isSpinning) spinner.fail(`${text}: failed`);
    throw err;
  }
}
