import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, expectOneLineError, KNOWN_IDS, runMkt, tempHome } from '../helpers/cli.js';

const home = tempHome();
// Not mkdtemp for the files whose names the errors quote: its random suffix can read as a key, and
// the error then describes the path instead (test/integration/hostile-input.test.ts).
const dir = join(tmpdir(), `mkt-api-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => {
  home.cleanup();
  rmSync(dir, { recursive: true, force: true });
});
const mkt = (args: string[], env: Record<string, string> = {}) => runMkt(args, { env: { ...home.env, ...env } });
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('mkt api: list, search, describe', () => {
  it('lists every operation of a provider: method, path, title, one a line after the source line', async () => {
    const r = await mkt(['api', 'ozon']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ozon: 263 of 263 operations, from ozon-seller-api.json (version 2.1)');
    expect(lines.length).toBe(264);
    expect(lines).toContainEqual(expect.stringMatching(/^POST {3}\/v3\/product\/list +Список товаров$/));
  });

  it('carries the Yandex licence notice with what it lists from the Yandex spec', async () => {
    const r = await mkt(['api', 'ym']);
    expect(r.stdout.split('\n')[1]).toMatch(/Copyright \(c\) 2023, Yandex Market LLC\. BSD 3-Clause/);
  });

  it('searches in Russian and English: остатки, stocks, fbs', async () => {
    for (const words of [['остатки'], ['stocks'], ['остатки', 'fbs']]) {
      const r = await mkt(['api', 'ozon', ...words]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/\/v1\/product\/info\/stocks-by-warehouse\/fbs/);
    }
    expect((await mkt(['api', 'ozon', 'stocks'])).stdout).toMatch(/POST {3}\/v2\/products\/stocks +Обновить количество товаров на складах/);
  });

  it('describes one operation: writes or reads, required fields, paging, deprecation and its replacement, scopes, limit', async () => {
    const stocks = (await mkt(['api', 'ozon', '/v2/products/stocks'])).stdout;
    expect(stocks).toMatch(/^POST \/v2\/products\/stocks {2}Обновить количество товаров на складах\n/);
    expect(stocks).toMatch(/writes +may change data: not safe to send again/);
    expect(stocks).toMatch(/ {4}stocks\* +object\[\]\n {6}offer_id +string\n {6}product_id\* +integer/);
    expect(stocks).toMatch(/required +stocks\[\], stocks\[\]\.product_id, stocks\[\]\.stock, stocks\[\]\.warehouse_id\n/);
    expect((await mkt(['api', 'ozon', '/v3/finance/transaction/list'])).stdout).toMatch(/paging +page, items in result\.operations/);
    const prices = await mkt(['api', 'yandex', 'GET', '/v2/campaigns/{campaignId}/offer-prices']);
    expect(prices.stdout).toMatch(/deprecated +use POST \/v2\/campaigns\/\{campaignId\}\/offer-prices instead; switched off on 2027-04-05/);
    expect(prices.stdout).toMatch(/scopes +all-methods, all-methods:read-only, pricing, pricing:read-only \(any one\)/);
    expect(prices.stdout).toMatch(/limit +150000 items of resp\.result\.offers per 1 minute/);
    expect(prices.stdout).toMatch(/query:\n {4}pageToken +string/);
    // Both methods of the path when none is named.
    expect((await mkt(['api', 'yandex', '/v2/campaigns/123/offer-prices'])).stdout.match(/^(GET|POST) \/v2\/campaigns/gm)).toEqual(['GET /v2/campaigns', 'POST /v2/campaigns']);
  });

  it('--example prints a JSON body with the required fields filled by type', async () => {
    const r = await mkt(['api', 'ozon', '/v2/products/stocks', '--example']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ stocks: [{ product_id: 0, stock: 0, warehouse_id: 0 }] });
  });

  it('--json on a list, a search and a description', async () => {
    const list = JSON.parse((await mkt(['api', 'yandex', '--json'])).stdout) as Array<{ method: string; reads: boolean }>;
    expect(list.length).toBe(160);
    expect(list.filter((op) => op.reads).length).toBe(72);
    const search = JSON.parse((await mkt(['api', 'ozon', 'остатки', '--json'])).stdout) as Array<{ path: string }>;
    expect(search.map((op) => op.path)).toContain('/v2/products/stocks');
    const described = JSON.parse((await mkt(['api', 'ozon', '/v4/product/info/stocks', '--json'])).stdout);
    expect(described).toEqual([expect.objectContaining({ method: 'POST', reads: true, paging: { style: 'cursor', items: 'items' } })]);
  });
});

describe('mkt api --spec: a newer spec for this run', () => {
  const newer = file('ozon-2026.json', JSON.stringify({
    openapi: '3.0.0', info: { version: '2026-10' }, servers: [{ url: 'https://api-seller.ozon.ru' }],
    paths: { '/v4/posting/fbs/list': { post: { summary: 'Список отправлений (версия 4)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['filter'], properties: { cursor: { type: 'string' }, filter: { type: 'object', required: ['since'], properties: { since: { type: 'string' } } } } } } } }, responses: {} } } },
  }));

  it('describes what the shipped index does not have, and tells the provider from the spec', async () => {
    expectOneLineError(await mkt(['api', 'ozon', '/v4/posting/fbs/list']), 2, /'\/v4\/posting\/fbs\/list' is not in the ozon catalog/);
    const r = await mkt(['api', '--spec', newer, 'ozon', '/v4/posting/fbs/list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/paging +cursor/);
    expect(JSON.parse((await mkt(['api', '--spec', newer, '/v4/posting/fbs/list', '--example'])).stdout)).toEqual({ filter: { since: '' } });
    expect((await mkt(['api', '--spec', newer])).stdout).toMatch(/^ozon: 1 of 1 operations, from ozon-2026.json \(version 2026-10\)\n/);
  });

  it('refuses a file that is not a JSON spec, or is another provider\'s, exit 2 in one line', async () => {
    expectOneLineError(await mkt(['api', '--spec', file('spec.yaml', 'openapi: 3.0.0\n'), 'ozon']), 2, /^mkt: the spec '.*spec\.yaml' is not JSON; mkt reads OpenAPI specs as JSON/);
    expectOneLineError(await mkt(['api', '--spec', newer, 'yandex']), 2, /^mkt: the spec '.*ozon-2026\.json' describes ozon, not yandex$/);
    expectOneLineError(await mkt(['api', '--spec', join(dir, 'nope.json')]), 2, /cannot read the spec '.*nope\.json': no such file/);
  });

  it('never prints a file name that reads as a key', async () => {
    const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const r = await mkt(['api', '--spec', file(`${key}.json`, 'not json'), 'ozon']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(key.slice(8));
  });
});

describe('mkt api: bad input is exit 2 with one line', () => {
  it.each([
    [['api'], /^mkt: name a provider: mkt api <provider>/],
    [['api', 'bogus'], new RegExp(`^mkt: unknown provider 'bogus' \\(known: ${KNOWN_IDS.join(', ')}\\)$`)],
    [['api', 'ozzie'], /^mkt: no endpoint catalog for ozzie: mkt has one for ozon, yandex/],
    [['api', 'ozon', 'xyzzy'], /^mkt: no ozon operation matches 'xyzzy'$/],
    [['api', 'ozon', '/v3/product/lst'], /^mkt: '\/v3\/product\/lst' is not in the ozon catalog$/],
    [['api', 'ozon', 'остатки', '--example'], /^mkt: --example describes one operation/],
    [['api', 'yandex', 'GET', '/v2/campaigns', '--example'], /^mkt: GET \/v2\/campaigns takes no request body; its query parameters: pageToken, limit, page, pageSize$/],
    [['api', 'yandex', '/v2/campaigns/1/offer-prices', '--example'], /^mkt: \/v2\/campaigns\/\{campaignId\}\/offer-prices has GET and POST: name the method/],
    [['api', 'yandex', 'DELETE', '/v2/campaigns'], /^mkt: DELETE '\/v2\/campaigns' is not in the yandex catalog; that path has GET$/],
    [['api', 'ozon', '/v3/product/list', 'extra'], /^mkt: describe one operation at a time: 'extra' is left over$/],
  ])('%j', async (args, pattern) => {
    const r = await mkt(args);
    expectOneLineError(r, 2, pattern);
    expect(r.stdout).toBe('');
  });

  it('a path it does not know says which it might have been', async () => {
    expect((await mkt(['api', 'ozon', '/v3/product/lst'])).stderr).toMatch(/\n {2}did you mean \/v3\/product\/list, \/v3\/product\/import\?\n$/);
  });
});

describe('the index is read only by the command that needs it', () => {
  // Every file read through readFileSync, written to stderr at exit: which of them is the catalog's.
  const hook = file('reads.cjs', "const fs = require('node:fs'); const read = fs.readFileSync; const seen = []; fs.readFileSync = function (p, ...rest) { seen.push(String(p)); return read.call(this, p, ...rest); }; process.on('exit', () => fs.writeSync(2, seen.join('\\n')));");
  const env = { PATH: process.env.PATH!, ...home.env, OZON_CLIENT_ID: '1', OZON_API_KEY: 'k', YANDEX_MARKET_API_KEY: 'ACMA:a:b', OZZIE_CLIENT_ID: 'ozz_client_x', OZZIE_CLIENT_SECRET: 's' };
  const reads = (args: string[]) => {
    const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { encoding: 'utf8', env });
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stderr.split('\n').filter((p) => /[\\/]catalog[\\/]/.test(p));
  };

  it('not by --version, --help, headers, status; by api, from dist/catalog/ (what the package ships)', () => {
    for (const args of [['--version'], ['--help'], ['headers', 'ozon'], ['status'], ['providers']]) expect(reads(args), args.join(' ')).toEqual([]);
    expect(reads(['api', 'ozon', 'остатки'])).toEqual([expect.stringMatching(/[\\/]dist[\\/]catalog[\\/]ozon\.json$/)]);
  });

  it('by call, only the index of the provider called; none for a provider without one', () => {
    expect(reads(['call', 'ozon', '/v3/product/list', '--dry-run'])).toEqual([expect.stringMatching(/[\\/]dist[\\/]catalog[\\/]ozon\.json$/)]);
    expect(reads(['call', 'yandex', '/v2/campaigns', '--curl'])).toEqual([expect.stringMatching(/[\\/]dist[\\/]catalog[\\/]yandex\.json$/)]);
    expect(reads(['call', 'ozzie', '/v1/users', '--dry-run'])).toEqual([]);
  });
});
