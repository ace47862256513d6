/** `mkt call`'s output modes: which renderer the flags choose (src/cli/renderers/choose.ts), and the registry behind them. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { chooseOutput, MODES, type Mode, type OutputFlags } from '../../src/cli/renderers/choose.js';
import { pagesOf, rendererFor } from '../../src/cli/renderers/index.js';
import type { AnswerRenderer, RenderTarget } from '../../src/cli/renderers/types.js';
import { parseFilter } from '../../src/core/filter.js';
import { UsageError } from '../../src/core/errors.js';
import { createRedactor } from '../../src/core/redact.js';

/** The flag that selects each mode on its own. */
const FLAG: Record<Mode, OutputFlags> = {
  curl: { curl: true },
  'dry-run': { dryRun: true },
  raw: { raw: true },
  table: { output: 'csv', fields: 'offer_id' },
  filter: { filter: 'result.items[].offer_id' },
  json: { json: true },
  include: { include: true },
  pretty: {},
};

describe('chooseOutput', () => {
  it.each(MODES)('%s: chosen by its own flag', (mode) => {
    expect(chooseOutput(FLAG[mode]).mode).toBe(mode);
  });

  it.each([
    ['--dry-run wins over what would render an answer', { dryRun: true, json: true, include: true }, 'dry-run'],
    ['--curl too', { curl: true, raw: true }, 'curl'],
    ['--filter wins over --json', { filter: 'a', json: true }, 'filter'],
    ['-i with --json renders JSON', { include: true, json: true }, 'json'],
    ['-i with --raw passes the body through', { include: true, raw: true }, 'raw'],
  ] as const)('%s', (_, flags, mode) => {
    expect(chooseOutput(flags).mode).toBe(mode);
  });

  it('-i puts the status line and headers first whatever renders the body; --items and the filter come along', () => {
    expect(chooseOutput({ include: true, json: true })).toEqual({ mode: 'json', head: true, items: false });
    expect(chooseOutput({})).toEqual({ mode: 'pretty', head: false, items: false });
    expect(chooseOutput({ paginate: true, items: true, filter: 'a[0].b' })).toEqual({ mode: 'filter', head: false, items: true, filter: parseFilter('a[0].b') });
  });

  it.each([
    [{ raw: true, json: true }, '--raw and --json'],
    [{ raw: true, filter: 'a' }, '--raw and --filter'],
    [{ paginate: true, raw: true }, '--paginate and --raw'],
    [{ paginate: true, include: true, json: true }, '--paginate and -i'],
    [{ dryRun: true, curl: true }, '--dry-run and --curl'],
    [{ raw: true, json: true, paginate: true, dryRun: true, curl: true }, '--raw and --json'],
    [{ output: 'csv', fields: 'a', json: true }, '--output and --json'],
    [{ output: 'tsv', fields: 'a', raw: true }, '--output and --raw'],
    [{ output: 'csv', fields: 'a', paginate: true, slurp: true }, '--output and --slurp'],
  ] as const)('refuses %o: %s cannot be used together', (flags, both) => {
    expect(() => chooseOutput(flags)).toThrow(new UsageError(`${both} cannot be used together`));
  });

  it('refuses a --filter path that does not parse, as a usage error', () => {
    expect(() => chooseOutput({ filter: 'a[' })).toThrow(UsageError);
  });

  it('--output needs --fields and --fields needs --output; a table\'s rows are items unless --filter picks them', () => {
    expect(() => chooseOutput({ output: 'csv' })).toThrow(/--output csv needs --fields, the columns/);
    expect(() => chooseOutput({ fields: 'a' })).toThrow(/--fields works only with --output csv or --output tsv/);
    expect(() => chooseOutput({ output: 'csv', fields: 'a,,b' })).toThrow(/an empty field/);
    expect(() => chooseOutput({ output: 'csv', fields: 'a | b' })).toThrow(/--fields 'a \| b': this is not jq/);
    expect(chooseOutput({ output: 'csv', fields: 'a', paginate: true }).items).toBe(true);
    expect(chooseOutput({ output: 'csv', fields: 'a', paginate: true, filter: 'result.items[]' }).items).toBe(false);
  });
});

describe('the registry', () => {
  it('has a renderer for every mode: the offline ones for --curl and --dry-run only', () => {
    for (const mode of MODES) {
      const renderer = rendererFor(chooseOutput(FLAG[mode]));
      expect(renderer.offline === true, mode).toBe(mode === 'curl' || mode === 'dry-run');
    }
  });

  it('a mode that cannot show pages is refused with --paginate before anything is built', () => {
    for (const mode of MODES) {
      const renderer = rendererFor(chooseOutput(FLAG[mode]));
      if (renderer.offline) continue;
      if (renderer.page) expect(() => chooseOutput({ ...FLAG[mode], paginate: true }), mode).not.toThrow();
      else {
        expect(() => chooseOutput({ ...FLAG[mode], paginate: true }), mode).toThrow(UsageError);
        expect(() => pagesOf(renderer, mode)).toThrow(`the ${mode} output cannot show pages`);
      }
    }
  });

  it('pages are compact JSON lines; a filter that selected nothing in a whole run says why once, at the end', () => {
    const json = rendererFor(chooseOutput({ json: true, paginate: true })) as AnswerRenderer;
    expect(json.page!([{ a: 1 }, { b: [2] }])).toBe('{"a":1}\n{"b":[2]}\n');
    const filter = rendererFor(chooseOutput({ filter: 'offer', paginate: true, items: true })) as AnswerRenderer;
    const stderr = new PassThrough();
    const target = { ctx: { io: { stderr } }, call: { redact: createRedactor([]) } } as unknown as RenderTarget;
    expect(filter.page!([{ offer_id: 'A' }])).toBe('');
    expect(filter.page!([{ offer_id: 'B' }])).toBe('');
    filter.afterPages!(target);
    expect(String(stderr.read())).toMatch(/^mkt: note: --filter 'offer' selected nothing: no key 'offer' in an item \(its keys: 'offer_id'\)\n$/);
    const found = rendererFor(chooseOutput({ filter: 'offer_id', paginate: true, items: true })) as AnswerRenderer;
    expect(found.page!([{ offer_id: 'A' }])).toBe('A\n');
    found.afterPages!(target);
    expect(stderr.read()).toBeNull();
  });

  it('--slurp: one JSON array over every page, one value per line in it; an empty run is []', () => {
    const pages = pagesOf(rendererFor(chooseOutput({ json: true, paginate: true, slurp: true })) as AnswerRenderer, 'json');
    const text = pages.page([{ a: 1 }, { a: 2 }]) + pages.page([]) + pages.page([{ a: 'я' }]) + pages.end!();
    expect(text).toBe('[\n{"a":1},\n{"a":2},\n{"a":"я"}\n]\n');
    expect(JSON.parse(text)).toEqual([{ a: 1 }, { a: 2 }, { a: 'я' }]);
    const none = pagesOf(rendererFor(chooseOutput({ paginate: true, slurp: true, filter: 'x[]' })) as AnswerRenderer, 'filter');
    expect(none.page([{ x: [] }]) + none.end!()).toBe('[]\n');
    const picked = pagesOf(rendererFor(chooseOutput({ paginate: true, slurp: true, filter: 'x[]' })) as AnswerRenderer, 'filter');
    expect(JSON.parse(picked.page([{ x: [1, 'b'] }]) + picked.page([{ x: [null] }]) + picked.end!())).toEqual([1, 'b', null]);
  });

  it('--output csv: the header once, then a row per item', () => {
    const csv = pagesOf(rendererFor(chooseOutput({ paginate: true, output: 'csv', fields: 'id,name' })) as AnswerRenderer, 'table');
    expect(csv.page([{ id: 1, name: 'a' }]) + csv.page([]) + csv.page([{ id: 2 }])).toBe('id,name\n1,a\n2,\n');
    const empty = pagesOf(rendererFor(chooseOutput({ paginate: true, output: 'tsv', fields: 'id,name' })) as AnswerRenderer, 'table');
    expect(empty.page([])).toBe('id\tname\n');
  });
});
