import type { Deprecation, HttpMethod } from './types.js';
import { isObject, type Json } from './spec-schema.js';

/** An operation's id → where it is, to turn a named replacement into a method and path. */
export type OperationIds = Map<string, { method: HttpMethod; path: string }>;

const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/**
 * Ozon marks a method being switched off with a warning note in its description, not the `deprecated`
 * flag (one operation of 263 has it): «3 августа 2025 года метод будет отключён. Переключитесь на
 * <a href="#operation/…">/v2/…</a>», «В будущем метод будет отключён», «Метод устаревает». Only the
 * facts are kept: that it is deprecated, the operation it names instead, the date. A note about one
 * parameter («параметр пагинации offset будет отключён») does not deprecate the method.
 */
const NOTE = /<aside class="warning">([\s\S]*?)<\/aside>/g;
const METHOD_GOING = /метод\s+(?:будет\s+отключ[её]н|устаревает|устарел)/i;
const SWITCH_TO = /Переключитесь на[^<]*<a href="#operation\/([^"]+)">([^<]*)<\/a>/;
const SHUTDOWN = new RegExp(`(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+(\\d{4})\\s+года\\s+метод\\s+будет\\s+отключ`, 'i');

function fromOzonNotes(description: string, ids: OperationIds): Deprecation | undefined {
  for (const [, note = ''] of description.matchAll(NOTE)) {
    if (!METHOD_GOING.test(note)) continue;
    const out: Deprecation = {};
    const to = SWITCH_TO.exec(note);
    // The link's id, else its text when that is a path (Ozon's methods are POSTs).
    const target = to && (ids.get(to[1] ?? '') ?? (to[2]?.startsWith('/') ? { method: 'POST' as const, path: to[2].trim() } : undefined));
    if (target) out.replacement = { ...target };
    const day = SHUTDOWN.exec(note);
    if (day) out.shutdown = `${day[3]}-${String(MONTHS.indexOf(day[2]!.toLowerCase()) + 1).padStart(2, '0')}-${day[1]!.padStart(2, '0')}`;
    return out;
  }
  return undefined;
}

/** Yandex: `deprecated: true` and `x-deprecation-config` (`shutdown-date`, `replacement-operation-id`). */
function fromConfig(config: Json, ids: OperationIds): Deprecation {
  const out: Deprecation = {};
  const target = typeof config['replacement-operation-id'] === 'string' ? ids.get(config['replacement-operation-id']) : undefined;
  if (target) out.replacement = { ...target };
  if (typeof config['shutdown-date'] === 'string') out.shutdown = config['shutdown-date'];
  return out;
}

export function deprecationOf(op: Json, ids: OperationIds): Deprecation | undefined {
  const config = op['x-deprecation-config'];
  if (isObject(config)) return fromConfig(config, ids);
  const fromNotes = typeof op.description === 'string' ? fromOzonNotes(op.description, ids) : undefined;
  if (fromNotes) return fromNotes;
  return op.deprecated === true ? {} : undefined;
}
