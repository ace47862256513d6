import { CancelledError } from '../core/errors.js';

/**
 * Enquirer is loaded only when a prompt is really shown. Prompts go to stderr so stdout stays clean.
 * Ctrl-U clears what was typed, as in a shell: enquirer maps it to an undo its password prompt lacks,
 * so a wrong paste could only be taken back one Backspace at a time (or, unseen, with Ctrl-W).
 * Ctrl-D cancels, like Ctrl-C: enquirer reads it as "delete forward", while the readline under it
 * closes on it and lets go of stdin, so on an empty line the prompt vanished and mkt exited 0.
 */
async function ask(options: Record<string, unknown>): Promise<string> {
  const { default: enquirer } = await import('enquirer');
  const actions = { ctrl: { ...(await import('enquirer/lib/combos.js')).ctrl, u: 'reset', d: 'cancel' } };
  try {
    const answer = (await enquirer.prompt({ name: 'value', stdout: process.stderr, actions, ...options } as never)) as { value: string };
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

/** Yes or no, "no" unless typed otherwise. */
export async function promptConfirm(message: string): Promise<boolean> {
  return (await ask({ type: 'confirm', message, initial: false })) as unknown as boolean;
}
