import { isPlainObject } from './args.js';

/** What one answer may hold, so that one call cannot flood the model's context. */
export interface Caps {
  items: number;
  bytes: number;
}

export const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/**
 * Where a page's item array is, as keys from the top: the catalog's items path (`result.items`)
 * when it leads to an array, else the array the provider's paging rule picks out, found by identity.
 */
export function itemsLocation(json: unknown, catalogPath: string | undefined, providerItems: ((json: unknown) => unknown[]) | undefined): string[] | undefined {
  if (catalogPath) {
    const keys = catalogPath.split('.');
    if (Array.isArray(valueAt(json, keys))) return keys;
  }
  const picked = providerItems?.(json);
  return picked && picked.length ? findArray(json, picked, [], 0) : undefined;
}

function valueAt(json: unknown, keys: readonly string[]): unknown {
  let at = json;
  for (const k of keys) at = isPlainObject(at) ? at[k] : undefined;
  return at;
}

function findArray(at: unknown, target: unknown[], path: string[], depth: number): string[] | undefined {
  if (at === target) return path;
  if (!isPlainObject(at) || depth > 3) return undefined;
  for (const [k, v] of Object.entries(at)) {
    const found = findArray(v, target, [...path, k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A copy of `json` with the value at `keys` replaced. */
function replaced(json: unknown, keys: readonly string[], value: unknown): unknown {
  if (keys.length === 0 || !isPlainObject(json)) return value;
  const [first, ...rest] = keys as [string, ...string[]];
  return { ...json, [first]: replaced(json[first], rest, value) };
}

export interface Shaped {
  answer: Record<string, unknown>;
  /** The index after the last item shown, when the page's items were cut; undefined when all were shown. */
  restFrom?: number;
}

/**
 * One answer from a page: `head` (status, operation...), then the body with its items from `offset`
 * on, as many as the caps allow (halved until the answer fits the bytes); a body with no item array,
 * or whose single item is too big, is cut as text, and the answer says so.
 */
export function shapeAnswer(head: Record<string, unknown>, json: unknown, items: string[] | undefined, offset: number, caps: Caps): Shaped {
  const all = items ? (valueAt(json, items) as unknown[]) : undefined;
  if (all) {
    let count = Math.min(caps.items, all.length - offset);
    for (;;) {
      const end = offset + count;
      const answer = { ...head, body: replaced(json, items!, all.slice(offset, end)), items: `${all.length ? `${offset + 1}–${end}` : 'none'} of ${all.length}, at ${items!.join('.')}` };
      if (bytesOf(answer) <= caps.bytes || count <= 1) {
        if (bytesOf(answer) <= caps.bytes) return { answer, ...(end < all.length ? { restFrom: end } : {}) };
        break;
      }
      count = Math.floor(count / 2);
    }
  }
  const answer = { ...head, body: json };
  return bytesOf(answer) <= caps.bytes ? { answer } : { answer: cutAsText(head, json, caps) };
}

function cutAsText(head: Record<string, unknown>, json: unknown, caps: Caps): Record<string, unknown> {
  const text = JSON.stringify(json);
  const total = Buffer.byteLength(text);
  const note = (shown: number) => `the body is ${total} bytes, more than this server's ${caps.bytes} per answer: only its first ${shown} bytes are here, as text. Ask for less (filters, a smaller limit, fewer ids)`;
  const room = Math.max(0, caps.bytes - bytesOf({ ...head, body_cut: '', note: note(total) }) - 16);
  let chars = Math.min(text.length, room);
  while (chars > 0 && bytesOf(text.slice(0, chars)) - 2 > room) chars = Math.floor(chars * 0.9);
  const cut = text.slice(0, chars);
  return { ...head, body_cut: cut, note: note(Buffer.byteLength(cut)) };
}
