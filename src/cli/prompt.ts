import { CancelledError } from '../core/errors.js';

/** Enquirer is loaded only when a prompt is really shown. Prompts go to stderr so stdout stays clean. */
async function ask(options: Record<string, unknown>): Promise<string> {
  const { default: enquirer } = await import('enquirer');
  try {
    const answer = (await enquirer.prompt({ name: 'value', stdout: process.stderr, ...options } as never)) as { value: string };
    return answer.value;
  } catch {
    // Enquirer rejects with an empty value on Ctrl-C / Esc.
    throw new CancelledError('prompt cancelled; nothing was stored');
  }
}

export function promptSecret(message: string): Promise<string> {
  return ask({ type: 'password', message });
}

export function promptText(message: string, validate?: (value: string) => true | string): Promise<string> {
  return ask({ type: 'input', message, validate });
}
