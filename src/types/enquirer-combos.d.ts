/** enquirer's key-to-action tables (no types shipped for this file). */
declare module 'enquirer/lib/combos.js' {
  export const ctrl: Record<string, string>;
}
