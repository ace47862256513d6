import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, runMkt } from '../helpers/cli.js';
import { useHostileServer } from '../helpers/hostile.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

// Every paging style the providers use, through the built CLI against the sandbox (issue 11, "Missed pages").
const { sandbox, env: sandboxOnly } = await sandboxForFile({ postings: 250, transactions: 1234, returns: 130, campaigns: 120, ozzieUsers: 125 }, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };

const call = (args: string[], extraEnv: Record<string, string> = {}) => runMkt(['call', ...args], { env: { ...env, ...extraEnv } });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;
const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
/** The filter `/v3/posting/fbs/list` requires (its spec: `filter.since`, `filter.to`), around every sandbox posting. */
const ALL_TIME = '{"since":"2000-01-01T00:00:00Z","to":"2100-01-01T00:00:00Z"}';

/** All items, each once, and nothing on stderr: a genuine last page is not noted. */
async function expectAllItems(args: string[], expected: number, key: (item: Record<string, unknown>) => unknown) {
  const r = await call([...args, '--paginate', '--items']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  const items = lines(r.stdout);
  expect(items).toHaveLength(expected);
  expect(new Set(items.map(key)).size).toBe(expected);
}

describe('--paginate follows every paging style', () => {
  it('Ozon /v4/posting/fbs/list: cursor in the body, top-level postings + cursor + has_next', async () => {
    await expectAllItems(['ozon', '/v4/posting/fbs/list', 'filter:={}', 'limit:=100'], 250, (p) => p.posting_number);
    expect(count('POST /ozon/v4/posting/fbs/list')).toBe(3); // has_next false on the third page: no extra request
  });

  it('Ozon /v3/finance/transaction/list: page + page_size until result.page_count', async () => {
    await expectAllItems(['ozon', '/v3/finance/transaction/list', 'page:=1', 'page_size:=500'], 1234, (o) => o.operation_id);
    expect(count('POST /ozon/v3/finance/transaction/list')).toBe(3);
    // Started at the last page (2 of 2 at 1000 a page): that page only, and no note.
    const pages = await call(['ozon', '/v3/finance/transaction/list', 'page:=2', 'page_size:=1000', '--paginate']);
    expect(lines(pages.stdout).map((p) => p.result.operations.length)).toEqual([234]);
  });

  it('Ozon /v3/posting/fbs/list (offset + limit, result.has_next) and /v3/product/list (last_id) keep working', async () => {
    await expectAllItems(['ozon', '/v3/posting/fbs/list', `filter:=${ALL_TIME}`, 'offset:=0', 'limit:=100'], 250, (p) => p.posting_number);
    expect(count('POST /ozon/v3/posting/fbs/list')).toBe(3);
    await expectAllItems(['ozon', '/v3/product/list', 'filter:={}', 'limit:=1000'], 2500, (p) => p.offer_id);
  });

  it('Ozon /v1/returns/list: no cursor in the answer; last_id is the id of the last return received', async () => {
    await expectAllItems(['ozon', '/v1/returns/list', 'filter:={}', 'limit:=50', 'last_id:=0'], 130, (r) => r.id);
    expect(count('POST /ozon/v1/returns/list')).toBe(3);
  });

  it('Yandex /v2/campaigns by the older page + pageSize: pager.pagesCount', async () => {
    await expectAllItems(['yandex', 'GET', '/v2/campaigns', 'page==1', 'pageSize==50'], 120, (c) => c.id);
    expect(count('GET /yandex/v2/campaigns')).toBe(3);
  });

  it('Yandex /v2/regions/{id}/children: items in regions.children, by pageSize and by page_token', async () => {
    await expectAllItems(['yandex', 'GET', '/v2/regions/225/children', 'pageSize==20'], 85, (r) => r.id);
    expect(count('GET /yandex/v2/regions/225/children')).toBe(5);
    await expectAllItems(['yandex', 'GET', '/v2/regions/225/children', 'limit==50'], 85, (r) => r.id);
    expect(count('GET /yandex/v2/regions/225/children')).toBe(7);
  });
});

describe('--paginate follows Ozzie\'s cursor', () => {
  it('GET /v1/users: cursor in the query from next_cursor, until has_more is false; every user once', async () => {
    await expectAllItems(['ozzie', 'GET', '/v1/users', 'limit==50'], 125, (u) => u.id);
    expect(count('GET /ozzie/v1/users')).toBe(3);
    // The default page (10 users): 13 pages, each printed as the list answer it is.
    const pages = await call(['ozzie', 'GET', '/v1/users', '--paginate']);
    expect(pages.code, pages.stderr).toBe(0);
    const answers = lines(pages.stdout);
    expect(answers.map((p) => p.data.length)).toEqual([...Array(12).fill(10), 5]);
    expect(answers.map((p) => p.has_more)).toEqual([...Array(12).fill(true), false]);
    expect(count('GET /ozzie/v1/users')).toBe(16);
  });

  it('--max-pages stops early; a cursor the server refuses is a one-line 422 (exit 7) with the field named', async () => {
    const two = await call(['ozzie', 'GET', '/v1/users', 'limit==5', '--paginate', '--items', '--max-pages', '2']);
    expect(two.code, two.stderr).toBe(0);
    expect(lines(two.stdout)).toHaveLength(10);
    const bad = await call(['ozzie', 'GET', '/v1/users', 'cursor==forged', '--paginate']);
    expect(bad.code).toBe(7);
    expect(bad.stderr).toBe('mkt: ozzie: GET /ozzie/v1/users → 422: VALIDATION_ERROR: One or more fields failed validation. '
      + '(cursor: Must be a next_cursor from a previous page)\n');
  });
});

describe('--paginate says when it cannot find the next page', () => {
  const hostile = useHostileServer();

  it('a page with items and an unknown cursor field: the items, then one note on stderr, exit 0', async () => {
    const ozon = await call(['ozon', '/v1/things/list', 'limit:=2', '--paginate', '--items'], { OZON_API_URL: `${hostile.url}/unknown-paging` });
    expect(ozon.code, ozon.stderr).toBe(0);
    expect(lines(ozon.stdout)).toEqual([{ offer_id: 'A' }, { offer_id: 'B' }]);
    expect(ozon.stderr).toBe('mkt: note: ozon: POST /unknown-paging/v1/things/list: no paging cursor found in page 1 '
      + '(looked for last_id or cursor in the answer, page, offset, last_id or last_value_id in the request); stopped after one page\n');
    expectNoPieceOf(ozon, S.ozon.valid.apiKey);

    const yandex = await call(['yandex', 'GET', '/v2/things', '--paginate'], { YANDEX_MARKET_API_URL: `${hostile.url}/unknown-paging` });
    expect(yandex.code, yandex.stderr).toBe(0);
    expect(yandex.stderr).toMatch(/^mkt: note: yandex: GET \/unknown-paging\/v2\/things: no paging cursor found in page 1 \(looked for paging\.nextPageToken .*\); stopped after one page\n$/);
    expectNoPieceOf(yandex, S.yandex.valid.token);
  });
});
