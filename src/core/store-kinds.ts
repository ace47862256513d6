import type { StoreKind } from './types.js';

/** The stores whose secrets outlive the process: the ones `logout --all` empties. */
export const PERSISTENT_STORES: readonly StoreKind[] = ['keychain', 'file'];
