import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openCatalogs } from '../../src/catalog/load.js';
import { pack, unpack } from '../../src/catalog/compact.js';
import { generateCatalog } from '../../src/catalog/generate.js';
import { CatalogError } from '../../src/catalog/types.js';
import { normalisePath } from '../../src/catalog/paths.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPECS = join(ROOT, '../shared/specs');
const INDEX = join(ROOT, 'src/catalog/index');
const tmp = mkdtempSync(join(tmpdir(), 'mkt-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const catalogs = openCatalogs({ dir: INDEX });

describe('the shipped index', () => {
  it('is what npm run catalog makes of the spec copies today (regenerate it after changing src/catalog)', () => {
    const out = join(tmp, 'regenerated');
    execFileSync(process.execPath, [join(ROOT, 'scripts/catalog.mjs'), '--out', out, join(SPECS, 'ozon-seller-api.json'), join(SPECS, 'yandex-market-partner-api.json')], { stdio: 'pipe' });
    for (const file of ['ozon.json', 'yandex.json', 'yandex.LICENSE']) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(INDEX, file), 'utf8'));
    }
  });

  it('unpacks to exactly what the generator made (the compact format loses nothing)', () => {
    const spec = JSON.parse(readFileSync(join(SPECS, 'yandex-market-partner-api.json'), 'utf8'));
    const made = generateCatalog(spec, { file: 'yandex-market-partner-api.json', notice: 'n' });
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
    expect(plain(unpack(plain(pack(made)), 'x'))).toEqual(plain(made));
  });

  it('keeps the Yandex licence notice with what is derived from the Yandex spec, and none for Ozon (facts only)', () => {
    expect(catalogs.catalog('yandex').notice).toMatch(/Copyright \(c\) 2023, Yandex Market LLC\. BSD 3-Clause: the full licence is yandex\.LICENSE/);
    expect(readFileSync(join(INDEX, 'yandex.LICENSE'), 'utf8')).toMatch(/^Copyright \(c\) 2023, Yandex Market LLC/);
    expect(catalogs.catalog('ozon').notice).toBeUndefined();
  });

  it('holds facts, not prose: no description text of the specs', () => {
    for (const file of ['ozon.json', 'yandex.json']) {
      const text = readFileSync(join(INDEX, file), 'utf8');
      // A field may be called `description`; a key of that name would be the spec's prose.
      expect(text).not.toMatch(/"description":|<aside|\{% include|<a href/);
    }
  });

  it('refuses an index of another format, and says so', () => {
    expect(() => unpack({ format: 0, ops: [] }, 'old.json')).toThrow(/"old.json" is not an mkt catalog index of format 1/);
  });
});

describe('operationFor, operationsAt, nearestPaths (the API `mkt call` will use)', () => {
  it('finds an operation by method and path, with ids in the path, a query string, a slash too many', () => {
    expect(catalogs.operationFor('ozon', 'POST', '/v3/product/list')?.reads).toBe(true);
    expect(catalogs.operationFor('ozon', 'POST', 'v2/products/stocks/?x=1')).toMatchObject({ path: '/v2/products/stocks', reads: false });
    expect(catalogs.operationFor('yandex', 'GET', '/v2/campaigns/1234/offer-prices')).toMatchObject({ operationId: 'getPrices', deprecated: { replacement: { method: 'POST', path: '/v2/campaigns/{campaignId}/offer-prices' } } });
  });

  it('without a method: the only operation of the path, or none when the path has several', () => {
    expect(catalogs.operationFor('ozon', undefined, '/v3/product/list')?.method).toBe('POST');
    expect(catalogs.operationFor('yandex', undefined, '/v2/campaigns/1/offer-prices')).toBeUndefined();
    expect(catalogs.operationsAt('yandex', '/v2/campaigns/1/offer-prices').map((op) => op.method).sort()).toEqual(['GET', 'POST']);
  });

  it('prefers the more literal template: /outlets/licenses is not /outlets/{outletId}', () => {
    const licences = catalogs.operationsAt('yandex', '/v2/campaigns/7/outlets/licenses');
    expect(licences.map((op) => op.method).sort()).toEqual(['DELETE', 'GET', 'POST']);
    expect(licences.every((op) => op.path === '/v2/campaigns/{campaignId}/outlets/licenses')).toBe(true);
    expect(catalogs.operationsAt('yandex', '/v2/campaigns/7/outlets/99').every((op) => op.path.endsWith('{outletId}'))).toBe(true);
  });

  it('a path it does not know: no operation, and the nearest known paths for a "did you mean"', () => {
    expect(catalogs.operationFor('ozon', 'POST', '/v4/posting/fbs/list')).toBeUndefined();
    expect(catalogs.nearestPaths('ozon', '/v4/posting/fbs/list', 2)).toEqual(['/v3/posting/fbs/list', '/v2/posting/fbo/list']);
    expect(catalogs.nearestPaths('yandex', '/v2/campaigns/55/offer-price', 1)).toEqual(['/v2/campaigns/{campaignId}/offer-prices']);
    expect(catalogs.nearestPaths('ozon', '/completely/unrelated/thing/here', 3)).toEqual([]);
  });

  it('a provider without a catalog is a CatalogError naming the ones there are', () => {
    expect(() => catalogs.catalog('ozzie')).toThrow(/no endpoint catalog for ozzie: mkt has one for ozon, yandex/);
  });

  it('normalises paths the way requests are typed', () => {
    expect(normalisePath('v1//roles/')).toBe('/v1/roles');
    expect(normalisePath('/v1/x#frag')).toBe('/v1/x');
  });
});

describe('useSpec: a newer spec for the session', () => {
  const write = (name: string, content: string) => {
    const file = join(tmp, name);
    writeFileSync(file, content);
    return file;
  };
  const newer = {
    openapi: '3.0.0', info: { version: '2026-10' }, servers: [{ url: 'https://api-seller.ozon.ru' }],
    paths: { '/v4/posting/fbs/list': { post: { summary: 'Список отправлений (версия 4)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['filter'], properties: { cursor: { type: 'string' }, limit: { type: 'integer' }, filter: { type: 'object' } } } } } }, responses: { 200: { content: { 'application/json': { schema: { type: 'object', properties: { postings: { type: 'array', items: { type: 'object' } }, cursor: { type: 'string' }, has_next: { type: 'boolean' } } } } } } } } } },
  };

  it('replaces the shipped index for its provider, parsed by the same generator', () => {
    const session = openCatalogs({ dir: INDEX });
    expect(session.operationFor('ozon', 'POST', '/v4/posting/fbs/list')).toBeUndefined();
    const loaded = session.useSpec(write('newer.json', JSON.stringify(newer)));
    expect(loaded.source).toEqual({ file: 'newer.json', version: '2026-10', operations: 1 });
    expect(session.operationFor('ozon', 'POST', '/v4/posting/fbs/list')).toMatchObject({ reads: true, paging: { style: 'cursor', items: 'postings' } });
    expect(session.catalog('yandex').operations.length).toBe(160);
  });

  it('refuses a file that is not JSON (without quoting it), not a spec, or of another provider', () => {
    const session = openCatalogs({ dir: INDEX });
    const secretish = write('not-json.yaml', 'openapi: 3.0.0\nkey: sk_live_aaaaaaaaaaaaaaaaaaaaaaaa\n');
    const err = (() => { try { session.useSpec(secretish); } catch (e) { return e as CatalogError; } return undefined; })();
    expect(err).toBeInstanceOf(CatalogError);
    expect(err!.template).toBe('the spec %s is not JSON; mkt reads OpenAPI specs as JSON (convert a YAML one first)');
    expect(err!.message).not.toContain('sk_live');
    expect(() => session.useSpec(write('empty.json', '{}'))).toThrow(/is not an OpenAPI spec/);
    expect(() => session.useSpec(write('newer2.json', JSON.stringify(newer)), 'yandex')).toThrow(/describes ozon, not yandex/);
    expect(() => session.useSpec(join(tmp, 'absent.json'))).toThrow(/cannot read the spec .*: no such file/);
    expect(() => session.useSpec(tmp)).toThrow(/it is a directory/);
  });
});
