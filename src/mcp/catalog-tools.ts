import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import type { Catalogs } from '../catalog/load.js';
import type { Field, Operation } from '../catalog/types.js';
import { searchOperations } from '../catalog/search.js';
import { requiredFields, skeleton } from '../catalog/example.js';
import type { Args } from './args.js';
import { bytesOf, shapeAnswer, type Caps } from './answer.js';
import { operationOf } from './call-request.js';
import type { ToolSetup } from './tools.js';

function catalogued(setup: ToolSetup, tool: string, providerId: string): void {
  if (!setup.catalogued.some((c) => c.provider.id === providerId)) throw new UsageError(`${tool}: ${providerId} has no endpoint catalog here`);
}

/** Whether this server would send the operation: the one rule of the call tool, said ahead. */
const sendable = (op: Operation, allowWrites: boolean): string =>
  op.reads ? 'yes: it only reads' : allowWrites ? 'yes, once (a write; this server allows writes)' : 'no: a write, and this server was started without --allow-writes';

const summary = (op: Operation) => ({
  method: op.method, path: op.path, title: op.title, kind: op.reads ? 'read' : 'write',
  ...(op.deprecated ? { deprecated: op.deprecated.replacement ? `use ${op.deprecated.replacement.method} ${op.deprecated.replacement.path}` : true } : {}),
});

export function searchTool(setup: ToolSetup, catalogs: Catalogs, args: Args): Record<string, unknown> {
  const providerId = args.provider as string;
  catalogued(setup, 'search', providerId);
  const words = (args.words as string).split(/\s+/).filter(Boolean);
  if (!words.length) throw new UsageError('search: "words" is empty: give a word or two (Russian or English), or a piece of a path');
  const found = searchOperations(catalogs.catalog(providerId).operations, words);
  if (!found.length) throw new UsageError(`search: no ${providerId} operation matches ${quote(words.join(' '))}; try other words, in Russian or English`);
  const head = { provider: providerId, words: words.join(' ') };
  const { answer, restFrom } = shapeAnswer(head, { operations: found.map(summary) }, ['operations'], 0, setup.caps);
  return restFrom === undefined ? answer : { ...answer, note: `the best ${restFrom} of ${found.length}: add words to narrow the search` };
}

export function describeTool(setup: ToolSetup, catalogs: Catalogs, args: Args): Record<string, unknown> {
  const providerId = args.provider as string;
  catalogued(setup, 'describe', providerId);
  const path = args.path as string;
  if (!path.startsWith('/')) throw new UsageError(`describe: "path" must start with /, as search gives it (not ${quote(path)})`);
  const op = operationOf(catalogs, providerId, path, args.method as string | undefined);
  const out = {
    ...summary(op),
    sent_by_call: sendable(op, setup.allowWrites),
    ...(op.pathParams.length ? { path_parameters: op.pathParams.map(fieldLine) } : {}),
    ...(op.query.length ? { query_parameters: op.query.map(fieldLine) } : {}),
    ...(op.body ? { required_body_fields: requiredFields(op.body), body_skeleton: skeleton(op.body), body_fields: op.body.map(fieldLine) } : { body: 'none' }),
    ...(op.bodyType ? { body_type: `${op.bodyType}: not JSON, so the call tool cannot send it` } : {}),
    ...(op.paging ? { paging: `by ${op.paging.style}${op.paging.items ? `, items at ${op.paging.items}` : ''}: the call tool follows it with its cursor` } : {}),
    ...(op.scopes ? { token_scopes: op.scopes } : {}),
    ...(op.limit ? { rate_limit: `${op.limit.amount} ${op.limit.counts} per ${op.limit.period}` } : {}),
    ...(op.deprecated?.shutdown ? { shutdown: op.deprecated.shutdown } : {}),
  };
  return fitted(out, setup.caps);
}

/** `name: type, required, one of A|B`, nested fields inline, so a describe stays short. */
function fieldLine(f: Field): string {
  const nested = f.fields?.length ? ` {${f.fields.map(fieldLine).join('; ')}}` : '';
  const values = f.enum ? `, one of ${f.enum.slice(0, 12).join('|')}${f.enum.length > 12 ? '|…' : ''}` : '';
  return `${f.name}: ${f.type}${f.required ? ', required' : ''}${values}${nested}`;
}

/** A describe too big for one answer drops the full field list first (the required ones and the skeleton stay). */
function fitted(out: Record<string, unknown>, caps: Caps): Record<string, unknown> {
  if (bytesOf(out) <= caps.bytes) return out;
  const { body_fields: _dropped, ...rest } = out;
  const shorter = { ...rest, note: 'the full list of body fields is too long for one answer: the required ones and the skeleton are here' };
  return bytesOf(shorter) <= caps.bytes ? shorter : shapeAnswer({}, shorter, undefined, 0, caps).answer;
}
