/**
 * Reading a user spec: each JSON value travels with the key path that leads to it, so every error
 * names the key (`auth.headers.X-Key`, `fields[1].env`). No parser library: the checks are few and
 * the messages are mkt's own.
 */

export class SpecError extends Error {
  constructor(readonly at: string, message: string) {
    super(at ? `${at}: ${message}` : message);
  }
}

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text from the spec inside an error line: JSON-quoted, control characters escaped, cut short. */
export function shown(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** Keys any object may carry for the person editing it: a comment, the schema an editor checks against. */
const NOTES = new Set(['$comment', '$schema']);

export class SpecNode {
  constructor(readonly value: unknown, readonly at = '') {}

  fail(message: string): never {
    throw new SpecError(this.at, message);
  }

  child(key: string | number): SpecNode {
    const value = typeof key === 'number' ? (this.value as unknown[])[key] : (this.value as Record<string, unknown>)[key];
    const at = typeof key === 'number' ? `${this.at}[${key}]` : this.at ? `${this.at}.${key}` : key;
    return new SpecNode(value, at);
  }

  /** The object's keys as nodes; an unknown key or a missing required one is an error. */
  object<K extends string>(known: readonly K[], required: readonly K[] = []): Partial<Record<K, SpecNode>> {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`expected an object, got ${kindOf(this.value)}`);
    const out: Partial<Record<K, SpecNode>> = {};
    for (const key of Object.keys(this.value)) {
      if (NOTES.has(key)) continue;
      if (!(known as readonly string[]).includes(key)) this.child(key).fail(`unknown key (known: ${known.join(', ')})`);
      out[key as K] = this.child(key);
    }
    for (const key of required) if (!out[key]) this.child(key).fail('missing (required)');
    return out;
  }

  /** Every key of a map whose keys the user names (header names, identity labels). */
  entries(): Array<[string, SpecNode]> {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`expected an object, got ${kindOf(this.value)}`);
    return Object.keys(this.value).filter((k) => !NOTES.has(k)).map((k) => [k, this.child(k)]);
  }

  string(rule?: { pattern: RegExp; expected: string }, max = 200): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, got ${kindOf(this.value)}`);
    const text = this.value;
    if (text.trim() === '') this.fail('must not be empty');
    if (text.length > max) this.fail(`longer than ${max} characters`);
    if (text.search(UNPRINTABLE) >= 0) this.fail('contains a control character');
    if (rule && !rule.pattern.test(text)) this.fail(`${shown(text)} is not ${rule.expected}`);
    return text;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, got ${kindOf(this.value)}`);
    return this.value;
  }

  number(min: number, max: number, integer = false): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      this.fail(`expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${typeof v === 'number' ? v : kindOf(v)}`);
    }
    return v;
  }

  array(maxItems = 50): SpecNode[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, got ${kindOf(this.value)}`);
    if (this.value.length === 0) this.fail('must not be empty');
    if (this.value.length > maxItems) this.fail(`more than ${maxItems} items`);
    return this.value.map((_, i) => this.child(i));
  }

  /** One string or a list of them: a value that may sit at one of several places. */
  strings(): Array<{ text: string; node: SpecNode }> {
    const nodes = Array.isArray(this.value) ? this.array() : [this];
    return nodes.map((node) => ({ text: node.string(), node }));
  }

  /** HTTP statuses in a range, e.g. the 4xx that mean "rejected". */
  statuses(min: number, max: number): number[] {
    const list = this.array().map((n) => n.number(min, max, true));
    if (new Set(list).size !== list.length) this.fail('lists a status twice');
    return list;
  }
}
