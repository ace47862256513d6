import type { Credentials, Field } from './types.js';
import { shown, type SpecNode } from './spec-node.js';

/**
 * An auth header template of a user spec: text around `{field}` names, and `base64(...)` around a
 * part of it — `{token}`, `Bearer {token}`, `Basic base64({client_id}:{client_secret})`. Compiled
 * once, when the spec is read; rendering is then a join.
 */
type Part = { text: string } | { field: Field } | { base64: Part[] };

export interface CompiledTemplate {
  render(creds: Credentials): string;
  /** The fields the template uses. */
  fields: Set<string>;
  /** The value as shell text that rebuilds it from the env vars, for `--curl`; only where base64 needs it. */
  shell?: string;
}

const OPEN = 'base64(';
/** What may be written around the fields: printable ASCII, as a header value can carry it safely. */
const PRINTABLE = /^[\x20-\x7e]$/;
const PLAIN_NAME = /^[A-Za-z0-9_]{1,40}$/;

export function compileTemplate(node: SpecNode, text: string, fields: readonly Field[]): CompiledTemplate {
  const parts = parse(node, text, fields);
  const used = new Set<string>();
  collect(parts, used);
  if (used.size === 0) node.fail('uses no field: an auth header carries credentials (send a constant header with -H)');
  return {
    render: (creds) => render(parts, creds),
    fields: used,
    ...(parts.some((p) => 'base64' in p) ? { shell: shell(parts) } : {}),
  };
}

function parse(node: SpecNode, text: string, fields: readonly Field[]): Part[] {
  const top: Part[] = [];
  let group: Part[] | undefined;
  let literal = '';
  const flush = () => {
    if (literal) (group ?? top).push({ text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (text.startsWith(OPEN, i)) {
      if (group) node.fail('base64(...) cannot be nested');
      flush();
      group = [];
      i += OPEN.length;
    } else if (c === ')' && group) {
      flush();
      if (group.length === 0) node.fail('base64() has nothing inside');
      top.push({ base64: group });
      group = undefined;
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) node.fail("'{' without a closing '}'");
      const name = text.slice(i + 1, end);
      const field = fields.find((f) => f.key === name);
      if (!field) node.fail(`unknown field {${PLAIN_NAME.test(name) ? name : shown(name)}} (fields: ${fields.map((f) => f.key).join(', ')})`);
      flush();
      (group ?? top).push({ field });
      i = end + 1;
    } else if (c === '}') {
      node.fail("'}' without an opening '{'");
    } else {
      if (!PRINTABLE.test(c)) node.fail('only printable ASCII may be written around the {fields}');
      literal += c;
      i++;
    }
  }
  if (group) node.fail("base64( without a closing ')'");
  flush();
  return top;
}

function collect(parts: Part[], into: Set<string>): void {
  for (const p of parts) {
    if ('field' in p) into.add(p.field.key);
    else if ('base64' in p) collect(p.base64, into);
  }
}

function render(parts: Part[], creds: Credentials): string {
  return parts.map((p) => ('text' in p ? p.text : 'field' in p ? (creds[p.field.key] ?? '') : Buffer.from(render(p.base64, creds)).toString('base64'))).join('');
}

/** Text inside shell double quotes where only `${VAR}` and `$(...)` expand. */
const dq = (s: string): string => s.replace(/[\\"`$]/g, (c) => `\\${c}`);

function shell(parts: Part[]): string {
  return parts.map((p) => ('text' in p ? dq(p.text) : 'field' in p ? `\${${p.field.env}}` : `$(printf %s "${shell(p.base64)}" | base64 | tr -d '\\n')`)).join('');
}
