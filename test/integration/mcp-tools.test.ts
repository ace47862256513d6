/**
 * `mkt mcp` as an assistant uses it: the MCP SDK's own client spawns the built CLI over stdio,
 * against the sandbox. Tools and their schemas come from the registry and the catalog; a read pages
 * with the cursor the tool returns, under the caps it states; bad input is a tool error and the
 * server goes on; and no message the server sends holds a secret or a piece of one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { builtInProviders } from '../../src/providers/index.js';
import { openCatalogs } from '../../src/catalog/load.js';
import { connectMkt } from '../helpers/mcp-client.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';
import { OZON, OZZIE, SECRETS, YANDEX } from '../helpers/recording-origins.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile();
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };
const mcp = await connectMkt(['--max-items', '2'], env);
afterAll(() => mcp.close());
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

/** The built-ins whose credentials the server's environment holds: the sets it serves. */
const served = builtInProviders.filter((p) => p.fields.every((f) => env[f.env]));

/** The built-ins with a shipped catalog: what search, describe and call may name. */
const catalogued = builtInProviders.filter((p) => {
  try {
    return openCatalogs().catalog(p.id).operations.length > 0;
  } catch {
    return false;
  }
});

describe('the tools', () => {
  it('are search, describe, call and whoami, their provider choices from the registry and the catalogs', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['search', 'describe', 'call', 'whoami']);
    const schema = (name: string) => tools.find((t) => t.name === name)!.inputSchema as { properties: Record<string, { enum?: string[] }>; required?: string[] };
    for (const name of ['search', 'describe', 'call']) expect(schema(name).properties.provider!.enum).toEqual(catalogued.map((p) => p.id));
    expect(schema('whoami').properties.provider!.enum).toEqual(served.map((p) => p.id));
    expect(schema('search').required).toEqual(['provider', 'words']);
    const call = tools.find((t) => t.name === 'call')!;
    expect(call.description).toMatch(/at most 2 items and 40000 bytes/);
    expect(call.description).toMatch(/started without --allow-writes/);
  });

  it('search finds operations by Russian and English words', async () => {
    const ru = await mcp.call('search', { provider: 'ozon', words: 'обновить остатки' });
    expect(ru.isError, ru.text).toBe(false);
    expect(ru.text).toContain('/v2/products/stocks');
    const en = await mcp.call('search', { provider: 'yandex', words: 'campaigns' });
    expect(en.text).toContain('/v2/campaigns');
    expect(en.json.note).toMatch(/^the best 2 of \d+: add words/);
  });

  it('describe gives the method, whether the server would send it, the required fields and a body skeleton', async () => {
    const d = await mcp.call('describe', { provider: 'ozon', path: '/v2/products/stocks' });
    expect(d.json).toMatchObject({ method: 'POST', kind: 'write', sent_by_call: expect.stringMatching(/^no: a write/) });
    expect(d.json.required_body_fields).toContain('stocks[].warehouse_id');
    expect(d.json.body_skeleton).toEqual({ stocks: [{ product_id: 0, stock: 0, warehouse_id: 0 }] });
    const two = await mcp.call('describe', { provider: 'yandex', path: '/v2/campaigns' });
    expect(two.json).toMatchObject({ method: 'GET', kind: 'read', sent_by_call: 'yes: it only reads' });
    expect(two.json.paging).toMatch(/page_token/);
  });

  it('whoami checks the served sets and shows no key material', async () => {
    const w = await mcp.call('whoami', {});
    const sets = w.json.sets as Array<{ provider: string; ok: boolean }>;
    expect(sets.map((s) => s.provider).sort()).toEqual(served.map((p) => p.id).sort());
    expect(sets.every((s) => s.ok), w.text).toBe(true);
  });
});

describe('a read, paged with the cursor the tool returns', () => {
  it('walks a page in pieces of the item cap from memory, then asks for the next page: each page requested once', async () => {
    const before = count('POST /ozon/v3/product/list');
    const ids: number[] = [];
    let answer = await mcp.call('call', { provider: 'ozon', path: '/v3/product/list', body: { filter: {}, limit: 3, last_id: '' } });
    for (let i = 0; i < 4; i++) {
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.json.limits).toBe('at most 2 items and 40000 bytes per answer');
      const result = (answer.json.body as { result: { items: Array<{ product_id: number }> } }).result;
      ids.push(...result.items.map((item) => item.product_id));
      answer = await mcp.call('call', { cursor: answer.json.cursor as string });
    }
    expect(ids).toEqual([800000001, 800000002, 800000003, 800000004, 800000005, 800000006]);
    expect(count('POST /ozon/v3/product/list') - before).toBe(3);
  });

  it('follows a query cursor (page_token) too', async () => {
    const first = await mcp.call('call', { provider: 'yandex', path: '/v2/campaigns', query: { limit: 2 } });
    expect(first.json).toMatchObject({ status: 200, kind: 'read', more: true, items: '1–2 of 2, at campaigns' });
    const second = await mcp.call('call', { cursor: first.json.cursor as string });
    expect(second.json).toMatchObject({ status: 200, page: 2 });
    expect(JSON.stringify(second.json.body)).not.toEqual(JSON.stringify(first.json.body));
  });

  it('the byte cap holds too: fewer items per answer, the rest by cursor; a describe too long drops its field list', async () => {
    const small = await connectMkt(['--max-bytes', '1000', '--provider', 'ozon'], env);
    try {
      const r = await small.call('call', { provider: 'ozon', path: '/v3/product/list', body: { filter: {}, limit: 20, last_id: '' } });
      expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(1000);
      expect(r.json.items).toMatch(/^1–\d of 20, at result\.items$/);
      expect(r.json.cursor).toEqual(expect.any(String));
      const d = await small.call('describe', { provider: 'ozon', path: '/v3/product/import' });
      expect(Buffer.byteLength(d.text)).toBeLessThanOrEqual(1000);
      expect(d.text).toMatch(/too long for one answer/);
    } finally {
      await small.close();
    }
  });
});

describe('bad tool input is a tool error, and the server goes on', () => {
  it.each([
    ['a malformed body', { provider: 'ozon', path: '/v3/product/list', body: '{"filter": ' }, /"body" is not valid JSON/],
    ['a wrong type', { provider: 'ozon', path: 42 }, /"path" must be a string, not a number/],
    ['an unknown provider', { provider: 'nope', path: '/v1/roles' }, /"provider" is 'nope'; it must be one of/],
    ['an unknown argument', { provider: 'ozon', path: '/v1/roles', headers: { 'Api-Key': 'x' } }, /unknown argument 'headers'/],
    ['an unknown path', { provider: 'ozon', path: '/v9/nothing/here' }, /is not an operation in the ozon catalog/],
    ['a path with dot segments', { provider: 'ozon', path: '/v1/roles/../../v2/products/stocks' }, /would not be sent as written/],
    ['a template left unfilled', { provider: 'yandex', path: '/v2/campaigns/{campaignId}/offers' }, /fill \{campaignId\}/],
    ['a body on a GET', { provider: 'yandex', path: '/v2/campaigns', body: { limit: 1 } }, /takes no body/],
    ['a cursor it never gave', { cursor: 'c-0' }, /unknown or expired cursor/],
  ])('%s', async (_, args, message) => {
    const r = await mcp.call('call', args);
    expect(r.isError, r.text).toBe(true);
    expect(r.json.error).toMatch(message);
    const after = await mcp.call('call', { provider: 'ozon', path: '/v1/roles' });
    expect(after.isError, after.text).toBe(false);
  });

  it('an unknown tool, and arguments that are not an object', async () => {
    const r = await mcp.call('delete_everything', {});
    expect(r).toMatchObject({ isError: true, json: { error: expect.stringMatching(/^unknown tool 'delete_everything'/) } });
    const w = await mcp.call('whoami', { provider: 'ozon', profile: 'shop2' });
    expect(w.json.error).toMatch(/"profile" is 'shop2'; it must be one of default/);
  });
});

describe('secrets never reach the model', () => {
  it('no message the server sent, and nothing on its stderr, holds a secret or any 8-character piece of one', () => {
    expect(mcp.received.length).toBeGreaterThan(20);
    const all = [...mcp.received, mcp.stderr()].join('\n');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    // Every piece of each key as the seller has it. Not of the Ozzie bearer token, which is their
    // base64: by chance its piece "c2FuZGJv" is base64("sandbo"), as in the Ozon fake's own last_id
    // ("c2FuZGJveDoz", base64 "sandbox:3"). Public ids may be shown (whoami does), and the sandbox's
    // Ozzie client_id shares "t_sandbo" with its secret.
    const shown = [OZON.clientId, OZZIE.clientId];
    for (const secret of [OZON.apiKey, YANDEX.token, OZZIE.clientSecret]) {
      for (let i = 0; i + 8 <= secret.length; i++) {
        const piece = secret.slice(i, i + 8);
        if (!shown.some((id) => id.includes(piece))) expect(all, `a piece of a secret: ${piece}`).not.toContain(piece);
      }
    }
  });
});
