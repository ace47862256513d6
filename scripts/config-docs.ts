/**
 * The tables of docs/configuration.md, rendered from their one declaration each: the environment
 * variables (src/core/env-vars.ts, with every provider's own from the provider registry) and the
 * stores (src/store/registry.ts). `npm run docs` writes them (scripts/docs.mjs);
 * test/unit/config-docs.test.ts fails when the file differs.
 */
import { ENV_VARS, PROVIDER_ENV_VARS, specEnvName, type EnvVar } from '../src/core/env-vars.js';
import type { Provider } from '../src/core/types.js';
import { builtInProviders as providers } from '../src/providers/index.js';
import { DEFAULT_STORE, STORES } from '../src/store/registry.js';

export const CONFIG_DOCS = 'docs/configuration.md';

/** The markers around each generated table. */
export const TABLES = {
  'env-vars': { from: 'src/core/env-vars.ts and the provider registry', render: () => envTable(providers) },
  stores: { from: 'src/store/registry.ts', render: storesTable },
} as const;

export type TableName = keyof typeof TABLES;

const code = (name: string) => `\`${name}\``;
const readBy = (v: Pick<EnvVar, 'readBy'>) => (v.readBy === 'every command' ? 'every command' : v.readBy.map(code).join(', '));
const cells = (row: string[]) => `| ${row.join(' | ')} |`;

/** Every variable mkt reads, one row each; a provider's own variables are a row per provider and kind. */
export function envTable(registry: readonly Provider[]): string {
  const rows = ENV_VARS.map((v: EnvVar) => cells([code(v.name), v.meaning, v.default ?? '', readBy(v)]));
  for (const group of PROVIDER_ENV_VARS) {
    for (const p of registry) {
      const names = group.of === 'fields' ? p.fields.map((f) => f.env) : group.of === 'spec' ? [specEnvName(p)] : [p.baseUrlEnv];
      const fallback = group.of === 'baseUrlEnv' ? `${group.default}: ${code(p.baseUrl)}` : 'default' in group ? group.default : '';
      rows.push(cells([names.map(code).join(', '), `${p.title} ${group.meaning}`, fallback, readBy(group)]));
    }
  }
  return [cells(['variable', 'used for', 'default', 'read by']), cells(['---', '---', '---', '---']), ...rows].join('\n');
}

export function storesTable(): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows = STORES.map((s) => cells([`${code(s.kind)}${s.kind === DEFAULT_STORE ? ' (default)' : ''}`, s.docs, yes(s.userChoice), yes(s.persistent)]));
  return [cells(['store', 'what it is', 'offered to `--store`, `MKT_STORE`', 'emptied by `logout --all`']), cells(['---', '---', '---', '---']), ...rows].join('\n');
}

const begin = (name: TableName) => `<!-- ${name}: generated from ${TABLES[name].from} by \`npm run docs\`; edit there -->`;
const end = (name: TableName) => `<!-- /${name} -->`;

/** The generated table `name` as it stands in `markdown`, or undefined when its markers are missing. */
export function tableIn(markdown: string, name: TableName): string | undefined {
  const start = markdown.indexOf(begin(name));
  const stop = markdown.indexOf(end(name));
  if (start < 0 || stop < start) return undefined;
  return markdown.slice(start + begin(name).length, stop).trim();
}

/** `markdown` with every generated table rendered afresh between its markers. */
export function withGeneratedTables(markdown: string): string {
  let text = markdown;
  for (const name of Object.keys(TABLES) as TableName[]) {
    const current = tableIn(text, name);
    if (current === undefined) throw new Error(`${CONFIG_DOCS} has no markers for the ${name} table: ${begin(name)} … ${end(name)}`);
    const start = text.indexOf(begin(name)) + begin(name).length;
    text = `${text.slice(0, start)}\n${TABLES[name].render()}\n${text.slice(text.indexOf(end(name)))}`;
  }
  return text;
}
