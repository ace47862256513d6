/**
 * What core tells its caller while it works, before it returns: the one way it speaks up. The CLI
 * shows an event (a wait line, a spinner); core never learns how.
 */
export type CoreEvent =
  /** A retry is waited for: how long, and why (already redacted). */
  | { type: 'wait'; ms: number; reason: string }
  /** login: the network check of the credentials begins. */
  | { type: 'verifying' };

export type OnEvent = (event: CoreEvent) => void;
