/**
 * A completion as each shell's script (scripts.ts) reads it: one candidate a line, then a last line
 * `:none`, `:files` or `:commands` saying what the shell should add by itself.
 */
import type { Completion } from './complete.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * `typed`: the word being typed as mkt read it; `bashWord`: the piece of it bash will replace
 * (after a `=` or `:`), so each candidate is given as what that piece becomes.
 */
export function formatCompletion(shell: Shell, completion: Completion, typed: string, bashWord = typed): string {
  const lines = completion.candidates.flatMap(({ value, description }) => {
    // A line break in a value would be read as two candidates (descriptions are cut at the first).
    if (/[\n\t]/.test(value)) return [];
    const about = description?.split('\n')[0];
    if (shell === 'bash') return value.startsWith(typed) ? [bashWord + value.slice(typed.length)] : bashWord === typed ? [value] : [];
    if (shell === 'zsh') return [about ? `${value.replace(/[\\:]/g, '\\$&')}:${about}` : value.replace(/[\\:]/g, '\\$&')];
    return [about ? `${value}\t${about}` : value];
  });
  return [...lines, `:${completion.fallback}`].join('\n') + '\n';
}
