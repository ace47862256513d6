import type { Field } from './types.js';

/** A value of the field's type: its first enum value, else "", 0, false, {} (with its required fields) or a one-element array. */
function valueOf(field: Field): unknown {
  let type = field.type;
  let depth = 0;
  while (type.endsWith('[]')) {
    type = type.slice(0, -2);
    depth++;
  }
  let value: unknown = field.enum?.[0] ?? scalar(type, field.fields);
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function scalar(type: string, fields: Field[] | undefined): unknown {
  switch (type) {
    case 'string': return '';
    case 'integer':
    case 'number': return 0;
    case 'boolean': return false;
    case 'object': return skeleton(fields ?? []);
    default: return null;
  }
}

/** A request body with the required fields only, each filled by its type: what `mkt api … --example` prints. */
export function skeleton(fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, valueOf(f)]));
}

/** The required fields as dotted paths (`stocks[].warehouse_id`), the nested ones under required parents only. */
export function requiredFields(fields: readonly Field[], prefix = ''): string[] {
  return fields.filter((f) => f.required).flatMap((f) => {
    const name = `${prefix}${f.name}${f.type.endsWith('[]') ? '[]' : ''}`;
    return [name, ...requiredFields(f.fields ?? [], `${name}.`)];
  });
}
