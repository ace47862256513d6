/**
 * Issue 15: `mkt call` builds its requests from the endpoint catalog — the method, whether a 5xx may
 * be replayed, the paging style, deprecation, required fields, a "did you mean" on a 404, a newer
 * spec from MKT_SPEC_<PROVIDER>. The built CLI against the sandbox; requests counted by its stats.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({ postings: 250 }, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };
const call = (args: string[], extra: Record<string, string> = {}) => runMkt(['call', ...args], { env: { ...env, ...extra } });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;
const sent = () => Object.entries(sandbox.stats.byPath).filter(([key]) => !key.includes('/_sandbox/')).reduce((n, [, c]) => n + c, 0);
const NOT_RETRIED = /^ {2}not retried: .* is not known to only read, so it may have been applied; check before sending it again$/m;

// Not mkdtemp: its random suffix can read as a key, and an error quoting the file would describe it instead.
const dir = join(tmpdir(), `mkt-call-catalog-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 5xx is replayed only for what the catalog marks as a read', () => {
  it('Yandex: a GET that confirms a shipment is sent once (every GET was retried before)', async () => {
    const r = await call(['yandex', '/v2/campaigns/21000001/shipments/reception-transfer-act', 'X-Sandbox-Fault:status=503']);
    expectOneLineError(r, 7, /^mkt: yandex: GET \/yandex\/v2\/campaigns\/21000001\/shipments\/reception-transfer-act → 503/);
    expect(r.stderr).toMatch(NOT_RETRIED);
    expect(count('GET /yandex/v2/campaigns/21000001/shipments/reception-transfer-act')).toBe(1);
  });

  it('Yandex: a GET that reads is retried', async () => {
    const r = await call(['yandex', '/v2/campaigns', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:campaigns', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^mkt: HTTP 503 on a read-only request; waiting \d+\.\d s$/m);
    expect(count('GET /yandex/v2/campaigns')).toBe(2);
  });

  it('Ozon: a read whose last path segment names none is retried (the old rule sent it once)', async () => {
    await call(['ozon', '/v1/product/info/description', 'offer_id=A-1', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:description']);
    expect(count('POST /ozon/v1/product/info/description')).toBe(2);
  });

  it('Ozon: a path the catalog does not know is a write, though its last segment reads (the old rule replayed it)', async () => {
    const r = await call(['ozon', '/v9/products/list', 'X-Sandbox-Fault:status=503']);
    expectOneLineError(r, 7, /→ 503/);
    expect(r.stderr).toMatch(NOT_RETRIED);
    expect(count('POST /ozon/v9/products/list')).toBe(1);
  });
});

describe('the method when none is given', () => {
  it('is the catalog\'s: Ozon GET /v1/actions, POST elsewhere; Yandex GET /v2/campaigns', async () => {
    expect((await call(['ozon', '/v1/actions', '--filter', 'result[0].id'])).code).toBe(0);
    expect(count('GET /ozon/v1/actions')).toBe(1);
    expect((await call(['ozon', '/v3/product/list', 'limit:=1', '--json'])).code).toBe(0);
    expect(count('POST /ozon/v3/product/list')).toBe(1);
    expect((await call(['yandex', '/v2/campaigns', 'limit==1', '--json'])).code).toBe(0);
    expect(count('GET /yandex/v2/campaigns')).toBe(1);
  });

  it('a Yandex path with several methods needs one named: exit 2, the methods listed, nothing sent', async () => {
    const r = await call(['yandex', '/v2/campaigns/21000001/offer-prices', 'offerIds:=["A"]']);
    expectOneLineError(r, 2, /^mkt: yandex '\/v2\/campaigns\/\{campaignId\}\/offer-prices' has GET, POST: name the method, e\.g\. mkt call yandex GET \/v2\/campaigns\/21000001\/offer-prices$/);
    expect(sent()).toBe(0);
  });
});

describe('what the catalog says beside the answer', () => {
  it('a deprecated operation warns once on stderr with its replacement, whether sent or not', async () => {
    const warning = /^mkt: warning: ozon: POST \/v2\/chat\/list is deprecated: use POST \/v3\/chat\/list instead$/gm;
    const dry = await call(['ozon', '/v2/chat/list', 'limit:=10', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr.match(warning)).toHaveLength(1);
    const real = await call(['ozon', '/v2/chat/list', 'limit:=10', '--paginate']);
    expect(real.stderr.match(warning)).toHaveLength(1);
    expect((await call(['ozon', '/v3/chat/list', 'limit:=10', '--dry-run'])).stderr).not.toMatch(/deprecated/);
  });

  it('a path the catalog does not know is still sent; its 404 says which it may have been', async () => {
    const r = await call(['ozon', '/v3/product/lisst', 'limit:=1']);
    expectOneLineError(r, 7, /^mkt: ozon: POST \/ozon\/v3\/product\/lisst → 404: method not found$/);
    expect(r.stderr).toMatch(/^ {2}did you mean \/v3\/product\/list(, [^?]+)?\? \(\/v3\/product\/lisst is not in the ozon catalog, ozon-seller-api\.json\)$/m);
    expect(count('POST /ozon/v3/product/lisst')).toBe(1);
    const wrongMethod = await call(['ozon', 'GET', '/v3/product/list']);
    expect(wrongMethod.stderr).toMatch(/^ {2}the ozon catalog \(ozon-seller-api\.json\) has POST \/v3\/product\/list, not GET$/m);
  });

  it('a 404 about the credentials (Ozon\'s invalid key) gets no "did you mean"', async () => {
    // Ozon's answer to a wrong key (docs/providers.md): the sandbox checks the path first, so a server of the test's own.
    const server = await answering((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":5,"message":"Invalid Api-Key, please check the key and try again","details":[]}'));
    try {
      const r = await call(['ozon', '/v3/product/lisst'], { OZON_API_URL: server.url });
      expect(r.code).toBe(4);
      expect(r.stderr).not.toMatch(/did you mean/);
    } finally {
      await server.close();
    }
  });
});

describe('required fields', () => {
  const noProductId = 'stocks:=[{"offer_id":"A-1","stock":5,"warehouse_id":1}]';

  it('missing ones are exit 2 naming them, before anything is sent', async () => {
    const r = await call(['ozon', '/v2/products/stocks', noProductId]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mkt: ozon: POST /v2/products/stocks needs stocks[0].product_id: the spec marks it required\n  mkt api ozon POST /v2/products/stocks describes the request (ozon-seller-api.json); --no-validate sends it anyway\n');
    expect(sent()).toBe(0);
    expectOneLineError(await call(['ozon', '/v3/posting/fbs/list', 'limit:=10']), 2, /^mkt: ozon: POST \/v3\/posting\/fbs\/list needs filter, offset: the spec marks them required$/);
  });

  it('bad input, so told before missing credentials (exit 2, not 3)', async () => {
    const r = await runMkt(['call', 'ozon', '/v2/products/stocks', noProductId], { env: sandboxOnly });
    expect(r.code).toBe(2);
  });

  it('--no-validate sends it as it is', async () => {
    const r = await call(['ozon', '/v2/products/stocks', noProductId, '--no-validate', 'X-Sandbox-Fault:status=503']);
    expect(r.code).toBe(7);
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });

  it('a body streamed with --input is not read, so not checked', async () => {
    const file = join(dir, 'stocks.json');
    writeFileSync(file, '{"stocks":[]}');
    await call(['ozon', '/v2/products/stocks', '--input', file, 'X-Sandbox-Fault:status=503']);
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });
});

describe('--paginate expects the spec\'s paging style', () => {
  it('offset: a first request without its offset starts at 0 and gets every page (the old rule stopped after one)', async () => {
    const r = await call(['ozon', '/v3/posting/fbs/list', 'filter:={"since":"2000-01-01T00:00:00Z","to":"2100-01-01T00:00:00Z"}', 'limit:=100', '--no-validate', '--paginate', '--items']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(250);
    expect(count('POST /ozon/v3/posting/fbs/list')).toBe(3);
  });

  it('Yandex page_token: a later page with items and no paging is a note, not a silent last page', async () => {
    const server = await answering((req, res) => {
      const second = new URL(req.url!, 'http://x').searchParams.has('page_token');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(second ? { campaigns: [{ id: 3 }] } : { campaigns: [{ id: 1 }, { id: 2 }], paging: { nextPageToken: 't2' } }));
    });
    try {
      const r = await call(['yandex', '/v2/campaigns', '--paginate', '--items'], { YANDEX_MARKET_API_URL: server.url });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(3);
      expect(r.stderr).toMatch(/^mkt: note: yandex: GET \/v2\/campaigns: no paging cursor found in page 2 \(looked for paging\.nextPageToken in the answer \(the spec pages this operation by page_token\); the answer has no paging\); stopped after 2 pages$/m);
    } finally {
      await server.close();
    }
  });
});

describe('a newer spec from MKT_SPEC_<PROVIDER>', () => {
  /** `/v4/posting/fbs/list` as Ozon's changelog describes it: newer than the shipped copy. */
  const newer = join(dir, 'seller-swagger.json');
  writeFileSync(newer, JSON.stringify({
    openapi: '3.0.0', info: { title: 'Ozon Seller API', version: '2.2' }, servers: [{ url: 'https://api-seller.ozon.ru' }],
    paths: {
      '/v4/posting/fbs/list': { post: { summary: 'Список отправлений (версия 4)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['filter', 'limit'], properties: { cursor: { type: 'string' }, limit: { type: 'integer' }, filter: { type: 'object' } } } } } }, responses: {} } },
    },
  }));

  it('is used by call: required fields, reads (a 503 retried), the paging style', async () => {
    expectOneLineError(await call(['ozon', '/v4/posting/fbs/list', 'limit:=100'], { MKT_SPEC_OZON: newer }), 2, /^mkt: ozon: POST \/v4\/posting\/fbs\/list needs filter: /);
    expect(sent()).toBe(0);
    const r = await call(['ozon', '/v4/posting/fbs/list', 'filter:={}', 'limit:=100', '--paginate', '--items', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:v4'], { MKT_SPEC_OZON: newer });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(250);
    expect(count('POST /ozon/v4/posting/fbs/list')).toBe(4); // one 503, retried as a read, then three pages
    // The shipped catalog does not know it: a write, sent once.
    await call(['ozon', '/v4/posting/fbs/list', 'filter:={}', 'limit:=100', 'X-Sandbox-Fault:status=503']);
    expect(count('POST /ozon/v4/posting/fbs/list')).toBe(5);
  });

  it('a file it cannot use is exit 2 naming the variable, for call and api', async () => {
    const yaml = join(dir, 'spec.yaml');
    writeFileSync(yaml, 'openapi: 3.0.0\n');
    expectOneLineError(await call(['ozon', '/v3/product/list'], { MKT_SPEC_OZON: yaml }), 2, /^mkt: MKT_SPEC_OZON: the spec '.*spec\.yaml' is not JSON; mkt reads OpenAPI specs as JSON/);
    expectOneLineError(await runMkt(['api', 'ozon'], { env: { ...env, MKT_SPEC_OZON: yaml } }), 2, /^mkt: MKT_SPEC_OZON: the spec '.*spec\.yaml' is not JSON/);
    expect((await runMkt(['api', 'ozon', '/v4/posting/fbs/list'], { env: { ...env, MKT_SPEC_OZON: newer } })).stdout).toMatch(/^POST \/v4\/posting\/fbs\/list {2}Список отправлений \(версия 4\)/);
    expect(sent()).toBe(0);
  });
});

/** A loopback server of the test's own, for answers the sandbox does not give. */
async function answering(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
