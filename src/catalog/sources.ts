import { OZON_READS } from './ozon-reads.js';

/**
 * The catalog's registry, one line per provider with a spec: which spec is whose (by the API host
 * its `servers` name) and, where the spec cannot tell reads by itself, the hand-checked list of them.
 */
export const CATALOG_SOURCES: ReadonlyArray<{ id: string; host: RegExp; reads?: ReadonlySet<string> }> = [
  { id: 'ozon', host: /api-seller\.ozon\.ru/, reads: OZON_READS },
  { id: 'yandex', host: /api\.partner\.market\.yandex\.ru/ },
];
