/** What `mkt api` prints: operation lists and one operation described, as text or JSON. */
import type { Catalog, Field, Operation, RateLimit } from '../catalog/types.js';
import type { Paint } from './output.js';
import { requiredFields } from '../catalog/example.js';

/** Enum values shown in the text description; `--json` has them all. */
const ENUM_SHOWN = 8;

export interface OperationSummary {
  method: string;
  path: string;
  title: string;
  operationId?: string;
  reads: boolean;
  deprecated?: Operation['deprecated'];
  paging?: string;
}

export function summary(op: Operation): OperationSummary {
  return {
    method: op.method, path: op.path, title: op.title, ...(op.operationId ? { operationId: op.operationId } : {}),
    reads: op.reads, ...(op.deprecated ? { deprecated: op.deprecated } : {}), ...(op.paging ? { paging: op.paging.style } : {}),
  };
}

/** Where the operations come from: the shipped index or a spec loaded with --spec, and its licence. */
export function sourceLine(catalog: Catalog, count: number, paint: Paint): string {
  const { file, version } = catalog.source;
  const notice = catalog.notice ? `\n${paint.dim(catalog.notice)}` : '';
  return `${paint.dim(`${catalog.provider}: ${count} of ${catalog.operations.length} operations, from ${file} (version ${version})`)}${notice}\n`;
}

/** One line per operation: method, path, title; deprecated ones say so. */
export function operationLines(ops: readonly Operation[], paint: Paint): string {
  const width = Math.min(64, Math.max(...ops.map((op) => op.path.length)));
  return ops.map((op) => {
    const dep = op.deprecated ? paint.yellow(' (deprecated)') : '';
    return `${op.method.padEnd(6)} ${op.path.padEnd(width)}  ${op.title}${dep}\n`;
  }).join('');
}

const replacementOf = (op: Operation): string | undefined => {
  const r = op.deprecated?.replacement;
  return r ? `${r.method} ${r.path}` : undefined;
};

/** The deprecation as one phrase: `use POST /v2/… instead; switched off on 2025-04-14`. */
export function deprecationPhrase(op: Operation): string {
  const parts = [replacementOf(op) ? `use ${replacementOf(op)} instead` : 'the spec names no replacement'];
  if (op.deprecated?.shutdown) parts.push(`switched off on ${op.deprecated.shutdown}`);
  return parts.join('; ');
}

function limitPhrase(l: RateLimit): string {
  const counted = l.counts === 'requests' ? 'requests' : `items of ${l.counts}`;
  const medium = l.medium ? ` (${l.medium.amount} per ${l.medium.period} at the spec's "medium" level)` : '';
  const parallel = l.parallel ? `, at most ${l.parallel} at once` : '';
  return `${l.amount} ${counted} per ${l.period}${medium}${parallel}`;
}

/** Fields as an indented tree, names aligned among siblings, `*` on the required ones. */
function fieldLines(fields: readonly Field[], paint: Paint, indent = '    '): string[] {
  const width = Math.max(...fields.map((f) => f.name.length + (f.required ? 1 : 0)));
  return fields.flatMap((f) => {
    const values = f.enum ? `  one of ${f.enum.slice(0, ENUM_SHOWN).join(', ')}${f.enum.length > ENUM_SHOWN ? `, … (${f.enum.length} in all)` : ''}` : '';
    const pad = ' '.repeat(width - f.name.length - (f.required ? 1 : 0));
    const name = f.required ? `${paint.bold(f.name)}*` : f.name;
    return [`${indent}${name}${pad}  ${paint.dim(f.type)}${values}`, ...fieldLines(f.fields ?? [], paint, `${indent}  `)];
  });
}

/** Everything the catalog knows of one operation, as the text `mkt api <provider> <path>` prints. */
export function describeText(op: Operation, paint: Paint, provider: string): string {
  const rows: string[] = [`${paint.bold(`${op.method} ${op.path}`)}  ${op.title}`];
  const row = (label: string, value: string) => rows.push(`  ${label.padEnd(11)} ${value}`);
  if (op.operationId) row('id', op.operationId);
  row(op.reads ? 'reads' : 'writes', op.reads ? 'only reads: safe to send again after a 5xx or a network failure' : 'may change data: not safe to send again after a 5xx or a network failure');
  if (op.deprecated) row('deprecated', paint.yellow(deprecationPhrase(op)));
  if (op.paging) row('paging', `${op.paging.style}${op.paging.items ? `, items in ${op.paging.items}` : ''}`);
  if (op.scopes) row('scopes', `${op.scopes.join(', ')} (any one)`);
  if (op.limit) row('limit', limitPhrase(op.limit));
  if (op.bodyType) row('body type', op.bodyType);
  for (const [label, fields] of [['path', op.pathParams], ['query', op.query]] as const) {
    if (fields.length) rows.push(`  ${label}:`, ...fieldLines(fields, paint));
  }
  if (op.body === undefined) row('body', 'none');
  else if (!op.body.length) row('body', '{} (no fields)');
  else rows.push('  body (* required):', ...fieldLines(op.body, paint));
  const required = requiredFields(op.body ?? []);
  if (required.length) {
    row('required', required.join(', '));
    rows.push(paint.dim(`  a body with them: mkt api ${provider} ${op.method} ${op.path} --example`));
  }
  return `${rows.join('\n')}\n`;
}
