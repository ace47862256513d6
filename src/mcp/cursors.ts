import { randomUUID } from 'node:crypto';
import type { PageRequest } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import type { ServedSet } from './served.js';

/** A request the call tool sent: what a next page repeats, with the page's own query and body. */
export interface SentRequest {
  set: ServedSet;
  method: string;
  /** The path without its query. */
  path: string;
  page: PageRequest;
  /** The first page's request: some paging rules count from it. */
  first: PageRequest;
  /** Pages answered so far in this run. */
  number: number;
}

/**
 * Where a cursor goes on: the rest of a page already read (kept here, redacted, never asked for
 * again), or the next page's request (worked out by the provider's paging rule).
 */
export type CursorState =
  | { kind: 'rest'; request: SentRequest; json: unknown; items: string[]; offset: number; next?: PageRequest; head: Record<string, unknown> }
  | { kind: 'next'; request: SentRequest; next: PageRequest };

/** Past this many, the oldest cursors are forgotten: a model that pages through everything holds one at a time. */
const KEPT = 100;

/**
 * Cursors are opaque ids of state kept in this server: the model cannot edit a cursor into another
 * request, and a cursor field that came from the provider's answer never reaches it.
 */
export class Cursors {
  readonly #states = new Map<string, CursorState>();

  add(state: CursorState): string {
    const id = randomUUID();
    this.#states.set(id, state);
    for (const old of this.#states.keys()) {
      if (this.#states.size <= KEPT) break;
      this.#states.delete(old);
    }
    return id;
  }

  get(id: string): CursorState {
    const state = this.#states.get(id);
    if (!state) throw new UsageError(`call: unknown or expired cursor: a cursor lives in the server that gave it, until ${KEPT} newer ones; send the request again without one`);
    return state;
  }
}
