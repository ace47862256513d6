/**
 * Ozon answers the shipped spec copy (../shared/specs/ozon-seller-api.json, 2025-09) does not
 * describe, or describes wrongly, written out from the sources named next to each. Everything else
 * is read from the spec itself (test/helpers/openapi.ts).
 */
import { resolve, responseSchema, type Schema, type Spec } from './openapi.js';

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const enumOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

/** The schema at a path of property names (`[]` steps into an array's items), `$ref`s followed. */
function at(spec: Spec, schema: Schema, ...path: string[]): Schema {
  let node = resolve(spec, schema)!;
  for (const name of path) node = resolve(spec, (name === '[]' ? node.items : (node.properties as Record<string, Schema>)[name]) as Schema)!;
  return node;
}

/**
 * `POST /v1/roles`: the copy has `roles` only; Ozon's changelog of 2026-02-20 added `expires_at`
 * (date-time) to the answer (docs.ozon.ru/api/seller, operation AccessAPI_RolesByToken, in the
 * swagger of 2026-06).
 */
export function rolesSchema(spec: Spec): Schema {
  return { allOf: [responseSchema(spec, 'POST', '/v1/roles', 200)!, { properties: { expires_at: str }, required: ['expires_at', 'roles'] }] };
}

const ratingValue: Schema = {
  type: 'object',
  properties: { date_from: str, date_to: str, formatted: str, value: { type: 'number' }, status: { type: 'object', properties: { danger: bool, premium: bool, warning: bool } } },
};

/**
 * `POST /v1/seller/info` (operation SellerAPI_SellerInfo) is not in the copy. Fields and enums from
 * the swagger behind docs.ozon.ru/api/seller of 2026-06 (`v1SellerInfoResponse`).
 */
export const SELLER_INFO: Schema = {
  type: 'object',
  properties: {
    company: {
      type: 'object',
      properties: {
        country: str, currency: str, inn: str, legal_name: str, name: str, ogrn: str, ownership_form: str,
        tax_system: enumOf('UNKNOWN', 'UNSPECIFIED', 'OSNO', 'USN', 'NPD', 'AUSN', 'PSN'),
      },
    },
    ratings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          current_value: ratingValue, past_value: ratingValue, name: str, rating: str,
          status: enumOf('UNKNOWN', 'OK', 'WARNING', 'CRITICAL'),
          value_type: enumOf('UNKNOWN', 'INDEX', 'PERCENT', 'TIME', 'RATIO', 'REVIEW_SCORE', 'COUNT'),
        },
      },
    },
    subscription: { type: 'object', properties: { is_premium: bool, type: enumOf('UNKNOWN', 'UNSPECIFIED', 'PREMIUM', 'PREMIUM_LITE', 'PREMIUM_PLUS', 'PREMIUM_PRO') } },
  },
};

/**
 * `POST /v3/product/list`: the copy declares `quants` an object, but its own example and the
 * swagger of 2026-06 have an array of `{quant_code, quant_size}`; checked as the array.
 */
export function productListSchema(spec: Spec): Schema {
  const result = at(spec, responseSchema(spec, 'POST', '/v3/product/list', 200)!, 'result');
  const item = at(spec, result, 'items', '[]');
  const items: Schema = { type: 'array', items: { ...item, properties: { ...(item.properties as Schema), quants: { type: 'array', items: at(spec, item, 'quants') } } } };
  return { type: 'object', properties: { result: { ...result, properties: { ...(result.properties as Schema), items } } } };
}

/**
 * `POST /v4/posting/fbs/list` is newer than the copy. ../shared/specs/README.md (from Ozon's
 * changelog): the answer has top-level `postings`, `cursor`, `has_next`. The postings are checked
 * as the v3 method's postings: the closest description there is.
 */
export function postingsV4Schema(spec: Spec): Schema {
  const postings = at(spec, responseSchema(spec, 'POST', '/v3/posting/fbs/list', 200)!, 'result', 'postings');
  return { type: 'object', properties: { postings, cursor: str, has_next: bool }, required: ['postings', 'cursor', 'has_next'] };
}

/** The example the spec gives for an answer. */
export function exampleOf(spec: Spec, method: string, path: string, status = 200): unknown {
  const responses = resolve(spec, spec.paths[path]?.[method.toLowerCase()]?.responses as Schema | undefined) as Record<string, Schema> | undefined;
  return ((resolve(spec, responses?.[String(status)])?.content as Record<string, Schema> | undefined)?.['application/json'])?.example;
}

/**
 * The schema as the spec's own example reads it. Ozon answers in proto3 JSON, and the examples show
 * what the schemas leave out: an unset message is `null` (`customer: null` in `/v3/posting/fbs/list`)
 * and an int64 may be a decimal string (`"id": "1000015552"` in `/v1/returns/list`). Only where the
 * example shows it; everywhere else the schema stands as written.
 */
export function asExampleShows(spec: Spec, schema: Schema, example: unknown): Schema {
  const s = resolve(spec, schema)!;
  if (example === null) return { ...s, nullable: true };
  if (s.type === 'integer' && s.format === 'int64' && typeof example === 'string') return { oneOf: [s, { type: 'string' }] };
  if (Array.isArray(example) && s.items && example.length > 0) return { ...s, items: asExampleShows(spec, s.items as Schema, example[0]) };
  if (!s.properties || typeof example !== 'object' || example === undefined || Array.isArray(example)) return s;
  const properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([name, property]) =>
    [name, name in example ? asExampleShows(spec, property, (example as Record<string, unknown>)[name]) : property]));
  return { ...s, properties };
}
