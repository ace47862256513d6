import type { Field, HttpMethod } from './types.js';
import { CATALOG_SOURCES } from './sources.js';

/**
 * Which operations only read, so that a 5xx or a network failure may be retried. It fails safe:
 * whatever the rule cannot show to be a read is a write, sent once.
 *
 * - A spec that gives `x-auth-scopes` (Yandex) says itself: an operation that a `…:read-only` scope
 *   allows only reads, no other, whatever its method — unless its last path segment names a change:
 *   Yandex lets a read-only token start reports (`…/generate`), and a replay would start a second one.
 *   Eight Yandex GETs need a scope that writes (`GET …/shipments/reception-transfer-act` confirms a
 *   shipment); they are writes.
 * - Otherwise GET and HEAD read.
 * - Otherwise (Ozon) a POST reads when its title says it lists, gets or tells (Список, Получить,
 *   Получение, Информация), no word of its last path segment names a change (create, update, set,
 *   cancel, create-or-get…), and no request field carries data to write (stocks, prices, items, text…).
 *
 * For Ozon the result was reviewed by hand: src/catalog/ozon-reads.ts lists every read of the spec copy.
 */
const READ_TITLE = /^(Список|Списки|Получить|Получение|Информаци)/;

/** Words of a last path segment that name a change (`create-or-get` creates what it does not find). */
const WRITE_WORDS = new Set([
  'create', 'update', 'delete', 'import', 'set', 'add', 'activate', 'deactivate', 'approve', 'decline', 'reject',
  'cancel', 'archive', 'unarchive', 'bind', 'unbind', 'upload', 'send', 'start', 'read', 'split', 'ship', 'arbitration',
  'verify', 'confirm', 'change', 'compensate', 'generate', 'reset', 'move', 'transfer', 'submit', 'accept',
]);

const WRITE_FIELD = /^(stocks?|prices?|items|products|exemplars.*|text|comment|images.*|color_image|barcodes|tasks|packages|postings|cargoes|arrival_passes|coordinates|polygons|competitors|enabled|base64_content|url|discount|new_.*|update_.*|tracking_numbers|multi_box_qty|containers_count|compensation_amount|mark_.*|.*_message)$/;

export interface ReadFacts {
  method: HttpMethod;
  path: string;
  title: string;
  body?: Field[];
  scopes?: string[];
}

function pathNamesChange(path: string): boolean {
  const last = path.split('/').filter((s) => s && !s.startsWith('{')).at(-1) ?? '';
  return last.split(/[-_]/).some((w) => WRITE_WORDS.has(w));
}

/** The rule above, before any hand review. */
export function derivedReads(op: ReadFacts): boolean {
  if (op.scopes) return op.scopes.some((s) => s.endsWith(':read-only')) && !pathNamesChange(op.path);
  if (op.method === 'GET' || op.method === 'HEAD') return true;
  if (op.method !== 'POST') return false;
  return READ_TITLE.test(op.title) && !pathNamesChange(op.path) && !(op.body ?? []).some((f) => WRITE_FIELD.test(f.name));
}

/** The rule with the hand review added: Ozon's reviewed reads, and the rule for operations newer than the review (a `--spec` file). */
export function reads(provider: string, op: ReadFacts): boolean {
  return !!CATALOG_SOURCES.find((s) => s.id === provider)?.reads?.has(`${op.method} ${op.path}`) || derivedReads(op);
}
