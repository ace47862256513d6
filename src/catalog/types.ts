/**
 * The endpoint catalog: per provider, the operations of its official OpenAPI spec reduced to facts
 * (docs/catalog.md). This layer imports nothing from the rest of mkt: core and cli use it, and the
 * build script (scripts/catalog.mjs) runs the same generator.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * How an operation pages, named after the request field or parameter that moves it on. Ozon (body):
 * `last_id`, `last_value_id`, `cursor`, `offset` (+ `limit`), `page` (+ `page_size` or `limit`).
 * Yandex (query): `page_token` (the spec's `pageToken` + `limit`), `page` (+ `pageSize`).
 */
export type PagingStyle = 'last_id' | 'last_value_id' | 'cursor' | 'offset' | 'page' | 'page_token';

export interface Paging {
  style: PagingStyle;
  /** Where the answer's items are, as a dotted path (`result.items`, `postings`), when its schema says. */
  items?: string;
}

/**
 * A request field, query or path parameter. `type` is the JSON type, arrays as `string[]`,
 * `object[]`; objects (and arrays of objects) carry their own `fields`.
 */
export interface Field {
  name: string;
  type: string;
  required: boolean;
  enum?: Array<string | number | boolean>;
  fields?: Field[];
}

export interface Deprecation {
  /** The operation the spec names instead, when it names one. */
  replacement?: { method: HttpMethod; path: string };
  /** The day the provider switches the operation off (YYYY-MM-DD), when the spec says. */
  shutdown?: string;
}

/** A Yandex per-method limit (`x-resource-limit-config`): `amount` per `period`, counted in `counts`. */
export interface RateLimit {
  amount: number;
  /** e.g. `1 hour`, `2 minutes`. */
  period: string;
  /** `requests`, or the request/response list each element of which counts (`req.offerIds`). */
  counts: string;
  /** The limit of the spec's `medium` tier, where it differs from the default (`none`) one. */
  medium?: { amount: number; period: string };
  /** At most this many such requests at once. */
  parallel?: number;
}

export interface Operation {
  method: HttpMethod;
  /** As the spec writes it, path parameters in braces: `/v2/campaigns/{campaignId}/offers`. */
  path: string;
  /** The spec's summary: a title, in the provider's language (Russian for Ozon and Yandex). */
  title: string;
  operationId?: string;
  /** Only reads: a 5xx or network failure may be retried. Fails safe: anything not known to read is a write. */
  reads: boolean;
  deprecated?: Deprecation;
  pathParams: Field[];
  query: Field[];
  /** Request body fields (the top level; nested ones inside). Absent: the operation takes no body. */
  body?: Field[];
  /** Not JSON (e.g. `multipart/form-data`), when the spec gives the body so. */
  bodyType?: string;
  paging?: Paging;
  /** Yandex `x-auth-scopes`: the token scopes any one of which allows the call. */
  scopes?: string[];
  limit?: RateLimit;
}

export interface CatalogSource {
  /** The spec file's name (no directory). */
  file: string;
  /** The spec's `info.version`. */
  version: string;
  /** Operations in the spec (each is in the catalog). */
  operations: number;
}

export interface Catalog {
  provider: string;
  source: CatalogSource;
  /** A licence notice that must travel with what was derived from the spec (Yandex: BSD-3-Clause). */
  notice?: string;
  operations: Operation[];
}

/**
 * A spec or index mkt cannot use, or a provider without one. `template` names the file as `%s`, so
 * that the CLI can quote a user's file name its own way (control characters, key-like names).
 */
export class CatalogError extends Error {
  constructor(readonly template: string, readonly subject?: string) {
    super(subject === undefined ? template : template.replace('%s', JSON.stringify(subject)));
    this.name = 'CatalogError';
  }
}
