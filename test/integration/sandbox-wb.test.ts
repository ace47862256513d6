/** The sandbox's wb fake on its own, over HTTP: what mkt's tests lean on it for. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ port: 0 }); });
afterAll(async () => { await sb.close(); });

const get = async (host: string, path: string, authorization?: string) => {
  const res = await fetch(`${sb.url}/wb/${host}${path}`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
};

describe('the wb fake', () => {
  it('serves each WB host under /wb/<host>, and takes the token alone or after Bearer (WB\'s knowledge base)', async () => {
    const plain = await get('content-api', '/ping', CREDS.wb.valid.token);
    expect(plain).toMatchObject({ status: 200, json: { Status: 'OK' } });
    expect(plain.headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await get('content-api', '/ping', `Bearer ${CREDS.wb.valid.token}`)).status).toBe(200);
  });

  it('answers in WB\'s error shape: no token, a host it does not know, a path a host does not serve', async () => {
    expect(await get('common-api', '/ping')).toMatchObject({ status: 401, json: { title: 'unauthorized', detail: 'empty Authorization header', status: 401 } });
    expect(await get('nope-api', '/ping', CREDS.wb.valid.token)).toMatchObject({ status: 404, json: { title: 'path not found', detail: expect.stringMatching(/<sandbox>\/wb\/\{host\}/) } });
    expect(await get('content-api', '/api/v3/warehouses', CREDS.wb.valid.token)).toMatchObject({ status: 404, json: { title: 'path not found' } });
  });

  it('signs its own tokens: one it did not sign, or one signed and altered, is refused', async () => {
    const [head, , sig] = CREDS.wb.valid.token.split('.');
    const altered = `${head}.${Buffer.from(JSON.stringify({ exp: 4_102_444_800, s: 2 ** 31 - 2 })).toString('base64url')}.${sig}`;
    for (const token of [CREDS.wb.invalid.token, altered, 'not.a.token']) {
      expect(await get('common-api', '/ping', token)).toMatchObject({ status: 401, json: { detail: expect.stringMatching(/^token problem; /) } });
    }
  });
});
