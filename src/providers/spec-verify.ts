import type { ApiRequest, Identity, Method, Verification } from './types.js';
import { METHODS } from './types.js';
import type { SpecNode } from './spec-node.js';
import { readPath, valueAt, type JsonPath } from './spec-path.js';


const PATH = { pattern: /^\/(?!\/)[\x21-\x7e]*$/, expected: 'a path on the base URL: it starts with one / and has no blanks' };

export function readMethod(node: SpecNode): Method {
  const method = node.string(undefined, 10);
  if (!(METHODS as readonly string[]).includes(method)) node.fail(`${JSON.stringify(method)} is not one of ${METHODS.join(', ')}`);
  return method as Method;
}

interface Shown {
  label: string;
  path: JsonPath;
  /** Written `email?`: an answer without it is still the identity answer. */
  optional: boolean;
}

/** The verify request and what its answer shows; `readOnly` says whether whoami may retry it. */
export function readVerify(node: SpecNode, readOnly: (method: Method, path: string) => boolean): (() => Verification) {
  const v = node.object(['method', 'path', 'body', 'identity'], ['method', 'path']);
  const request: ApiRequest = { method: readMethod(v.method!), path: v.path!.string(PATH, 500) };
  // whoami and login send the check up to three times: it must be a request that only reads.
  if (!readOnly(request.method, request.path)) {
    v.method!.fail(`${request.method} ${request.path} is not read-only by this spec's readOnly rule, and the check is retried: use a request that only reads`);
  }
  if (v.body) request.body = v.body.value;
  const shownFields = v.identity ? readIdentity(v.identity) : [];
  const verification: Verification = { request, identity: (json) => identityOf(json, shownFields) };
  return () => verification;
}

function readIdentity(node: SpecNode): Shown[] {
  const entries = node.entries();
  if (entries.length > 10) node.fail('more than 10 entries');
  return entries.map(([label, value]) => {
    if (label.trim() === '' || label.length > 40 || /[\u0000-\u001f\u007f-\u009f]/.test(label)) value.fail('a label must be 1 to 40 printable characters');
    const text = value.string(undefined, 200);
    const optional = text.endsWith('?');
    return { label, path: readPath(value, optional ? text.slice(0, -1) : text), optional };
  });
}

/** An answer without a required entry is not this provider's identity (a wrong base URL answered). */
function identityOf(json: unknown, shownFields: readonly Shown[]): Identity | undefined {
  if (shownFields.length === 0) return { lines: [['credentials', 'accepted']], warnings: [], data: { accepted: true } };
  const found: Array<[string, unknown]> = [];
  for (const { label, path, optional } of shownFields) {
    const value = valueAt(json, path);
    if (value === undefined || value === null) {
      if (optional) continue;
      return undefined;
    }
    found.push([label, value]);
  }
  // fromEntries: a label such as __proto__ is a key like any other, not the object's prototype.
  return { lines: found.map(([label, value]) => [label, display(value)]), warnings: [], data: Object.fromEntries(found) };
}

function display(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ') || '(none)';
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 200);
  return String(value);
}
