import type { Credentials, Field, Headers } from './types.js';
import { shown, type SpecNode } from './spec-node.js';
import { compileTemplate } from './spec-template.js';

/** Names already given out: a user spec may not reuse a built-in's id or any other provider's variables. */
export interface TakenNames {
  /** Provider id or alias → what holds it, e.g. `ozon` → `the built-in Ozon Seller API`. */
  ids: ReadonlyMap<string, string>;
  /** Environment variable → the provider that reads it. */
  envs: ReadonlyMap<string, string>;
}

const ENV = { pattern: /^[A-Z_][A-Z0-9_]{0,63}$/, expected: 'an environment variable name: A-Z, 0-9 and _, not starting with a digit' };
const KEY = { pattern: /^[A-Za-z_][A-Za-z0-9_]{0,39}$/, expected: 'a field key: letters, digits and _ (it is written {key} in the auth templates)' };
export const HEADER_NAME = { pattern: /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, expected: 'an HTTP header name' };

/**
 * Variables a field must not take over: `mkt exec` puts the fields into the child's environment, and
 * mkt's own settings start with MKT_.
 */
const SYSTEM_ENV = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'TERM', 'LANG', 'TMPDIR', 'TZ', 'NODE_OPTIONS', 'NODE_PATH']);
const SYSTEM_PREFIXES = ['MKT_', 'LC_', 'LD_', 'DYLD_', 'XDG_'];

/** Headers mkt sets itself or that shape the message: an auth template may not write them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'accept', 'user-agent']);

/** Checks an environment variable name of this spec and claims it, so no other field or spec reuses it. */
export function claimEnv(node: SpecNode, taken: TakenNames, mine: Map<string, string>): string {
  const name = node.string(ENV);
  if (SYSTEM_ENV.has(name) || SYSTEM_PREFIXES.some((p) => name.startsWith(p))) node.fail(`${name} is a system or mkt variable; choose a name of the provider's own`);
  const owner = taken.envs.get(name) ?? mine.get(name);
  // Two providers reading one variable would send one provider's key to the other's origin.
  if (owner) node.fail(`${name} is already read by ${owner}`);
  mine.set(name, node.at);
  return name;
}

export function readFields(node: SpecNode, taken: TakenNames, envs: Map<string, string>): Field[] {
  const fields: Field[] = [];
  for (const item of node.array(10)) {
    const f = item.object(['key', 'label', 'env', 'secret', 'pattern', 'patternHint', 'hint'], ['key', 'label', 'env', 'secret']);
    const key = f.key!.string(KEY);
    if (fields.some((x) => x.key === key)) f.key!.fail(`${shown(key)} is the key of another field`);
    const secret = f.secret!.boolean();
    const field: Field = {
      key,
      label: f.label!.string(undefined, 64),
      secret,
      env: claimEnv(f.env!, taken, envs),
      hint: f.hint?.string(undefined, 200) ?? (secret ? 'secret: not shown as you type' : 'not secret'),
    };
    if (f.pattern) field.pattern = wholeValue(f.pattern);
    if (f.patternHint) field.patternHint = f.patternHint.string(undefined, 120);
    fields.push(field);
  }
  return fields;
}

/** A pattern the whole (trimmed) value must match, as the built-ins' patterns are written. */
function wholeValue(node: SpecNode): RegExp {
  const source = node.string(undefined, 200);
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch (err) {
    node.fail(`not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`);
  }
}

export interface Auth {
  authorize(creds: Credentials): Headers;
  /** Shell forms of the headers that need one (base64), for `--curl`. */
  shellAuth?: Headers;
}

export function readAuth(node: SpecNode, fields: readonly Field[]): Auth {
  const { headers } = node.object(['headers'], ['headers']);
  const entries = headers!.entries();
  if (entries.length === 0) headers!.fail('names no header');
  const compiled: Array<[string, ReturnType<typeof compileTemplate>]> = [];
  for (const [name, value] of entries) {
    if (!HEADER_NAME.pattern.test(name)) value.fail(`${shown(name)} is not ${HEADER_NAME.expected}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) value.fail(`${name} is set by mkt itself, not by an auth template`);
    if (compiled.some(([other]) => other.toLowerCase() === name.toLowerCase())) value.fail(`${name} is named twice`);
    compiled.push([name, compileTemplate(value, value.string(undefined, 500), fields)]);
  }
  for (const [i, field] of fields.entries()) {
    if (field.secret && !compiled.some(([, t]) => t.fields.has(field.key))) {
      node.child('headers').fail(`no header uses the secret field {${field.key}} (fields[${i}]): it would never be sent`);
    }
  }
  const shell = compiled.filter(([, t]) => t.shell !== undefined);
  return {
    authorize: (creds) => Object.fromEntries(compiled.map(([name, t]) => [name, t.render(creds)])),
    ...(shell.length ? { shellAuth: Object.fromEntries(shell.map(([name, t]) => [name, t.shell!])) } : {}),
  };
}
