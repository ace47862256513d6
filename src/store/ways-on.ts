import { STORES, storeEntry, type StoreKind } from './registry.js';

/** The way on that needs no store at all. */
const ENVIRONMENT = "or provide the credentials through the provider's environment variables";

/**
 * What to do when the store `kind` cannot be reached: make it reachable, or use another store, or
 * the environment. Writing comes from `login`, which has --store; reading from a command that has
 * not, so there the other stores are a new login.
 */
export function waysOn(kind: StoreKind, when: 'write' | 'read'): string[] {
  const others = STORES.filter((s) => s.userChoice && s.kind !== kind);
  const fix = fixFor(kind);
  if (when === 'write') {
    return [...fix, ...others.map((s) => `or use ${s.title}: mkt login … --store ${s.kind}${'needs' in s ? ` (${s.needs})` : ''}`), ENVIRONMENT];
  }
  return [...fix, ENVIRONMENT, ...others.map((s) => `or log in again with --store ${s.kind} (${s.title})`)];
}

/** The store's own way back, if it has one, as the first hint. */
export function fixFor(kind: StoreKind): string[] {
  const { fix } = storeEntry(kind);
  return fix ? [fix] : [];
}
