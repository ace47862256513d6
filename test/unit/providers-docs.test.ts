import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInProviders } from '../../src/providers/index.js';

const DOC = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8');

/** The first table of docs/providers.md, as row label → one cell per column. */
function providerTable(): { titles: string[]; rows: Map<string, string[]> } {
  const lines = DOC.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string): string[] => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
  const [header, , ...body] = lines;
  const rows = new Map<string, string[]>();
  for (const line of body) {
    const [label, ...rest] = cells(line);
    if (rows.has(label!)) break;
    rows.set(label!, rest);
  }
  return { titles: cells(header!).slice(1), rows };
}

describe('docs/providers.md agrees with the registry', () => {
  const { titles, rows } = providerTable();
  const row = (label: string): string[] => {
    const r = rows.get(label);
    if (!r) throw new Error(`docs/providers.md has no "${label}" row`);
    return r;
  };

  it('has one column per provider, in the registry\'s order', () => {
    expect(titles).toEqual(builtInProviders.map((p) => p.title));
  });

  it.each(builtInProviders.map((p, i) => [p.id, p, i] as const))('%s: id and aliases, base URL, its variable, every credential variable', (_id, p, i) => {
    expect(row('id')[i]).toContain(`\`${p.id}\``);
    for (const alias of p.aliases ?? []) expect(row('id')[i]).toContain(`\`${alias}\``);
    expect(row('base URL')[i]).toBe(`\`${p.baseUrl}\``);
    expect(row('base URL variable')[i]).toBe(`\`${p.baseUrlEnv}\``);
    for (const f of p.fields) expect(row('credentials')[i]).toContain(`\`${f.env}\``);
    if (p.paginate) expect(row('pacing in `--paginate`')[i]).toContain(String(p.pace.perSecond));
  });
});
