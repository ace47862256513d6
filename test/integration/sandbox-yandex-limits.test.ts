/**
 * The Yandex sandbox's limits and paging as Yandex documents them: at most 2 requests in flight, hourly
 * limits per method (spec: `x-resource-limit-config`) with the X-RateLimit-Resource-* headers on every
 * answer, `limit` without a default, and no keep-alive ("Keep-Alive не поддерживается").
 */
import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const KEY = { 'Api-Key': CREDS.yandex.valid.token };
const OAUTH = { Authorization: `Bearer ${CREDS.yandex.oauth.token}` };
const HOUR = 3_600_000;

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ port: 0 }); });
afterAll(async () => { await sb.close(); });
beforeEach(async () => { await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' }); });

async function get(path: string, headers: Record<string, string> = KEY, on: Sandbox = sb) {
  const res = await fetch(on.baseUrls.yandex + path, { headers });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

const nextWholeHour = (): number => Math.ceil(Date.now() / HOUR) * HOUR;

describe('Yandex sandbox: paging', () => {
  it('answers every campaign in one page when no limit is given (the spec gives limit no default)', async () => {
    const r = await get('/v2/campaigns');
    expect(r.json.campaigns).toHaveLength(120);
    expect(r.json.paging).toEqual({});
  });

  it('pages by page_token (or pageToken) and limit up to 100, to the end', async () => {
    const ids = new Set<number>();
    let token: string | undefined = '';
    let pages = 0;
    while (token !== undefined) {
      const r = await get(`/v2/campaigns?limit=50&${pages % 2 ? 'pageToken' : 'page_token'}=${encodeURIComponent(token)}`);
      for (const c of r.json.campaigns) ids.add(c.id);
      token = r.json.paging.nextPageToken;
      pages++;
    }
    expect([pages, ids.size]).toEqual([3, 120]);
    expect((await get('/v2/campaigns?limit=100')).json.campaigns).toHaveLength(100);
  });

  it('cuts a limit over 50 to 50 for /v2/regions/{regionId}/children (the spec\'s truncateLimit), and answers all 85 without one', async () => {
    expect((await get('/v2/regions/225/children?limit=51')).json.regions.children).toHaveLength(50);
    expect((await get('/v2/regions/225/children')).json.regions.children).toHaveLength(85);
  });
});

describe('Yandex sandbox: limits', () => {
  it('answers a third request in flight with 420 "parallel", carrying the hour\'s headers with requests remaining', async () => {
    const slow = { ...KEY, 'X-Sandbox-Fault': 'delay=300' };
    const answers = await Promise.all(Array.from({ length: 3 }, () => get('/v2/campaigns?limit=1', slow)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 420]);
    const limited = answers.find((a) => a.status === 420)!;
    expect(limited.json.errors).toEqual([{ code: 'LIMIT_EXCEEDED', message: 'Hit rate limit of 2 parallel requests for businessId 41000001' }]);
    expect(Number(limited.headers.get('x-ratelimit-resource-remaining'))).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBeNull();
    // Per token: another caller is not held up, and the refused request did not use up the hour.
    const [oauth] = await Promise.all([get('/v2/campaigns?limit=1', OAUTH), get('/v2/campaigns?limit=1', slow), get('/v2/campaigns?limit=1', slow)]);
    expect(oauth.status).toBe(200);
    expect((await get('/v2/campaigns?limit=1')).headers.get('x-ratelimit-resource-remaining')).toBe(String(1000 - 5));
  });

  it('says the hourly limit of each method on every answer: auth/token 100, campaigns 1000, campaigns/{campaignId} 5000', async () => {
    const token = await fetch(`${sb.baseUrls.yandex}/v2/auth/token`, { method: 'POST', headers: KEY });
    const list = await get('/v2/campaigns?limit=1');
    const again = await get('/v2/campaigns?limit=1');
    const one = await get('/v2/campaigns/21000001');
    expect([token, list, again, one].map((r) => [r.headers.get('x-ratelimit-resource-limit'), r.headers.get('x-ratelimit-resource-remaining')])).toEqual([
      ['100', '99'], ['1000', '999'], ['1000', '998'], ['5000', '4999'],
    ]);
    expect(Date.parse(list.headers.get('x-ratelimit-resource-until')!)).toBe(nextWholeHour());
  });

  it('answers the request over an hourly limit with 420, Remaining 0 and the end of the hour in Until', async () => {
    const limited = await startSandbox({ port: 0, yandexHourly: { campaigns: 2 } });
    try {
      expect((await get('/v2/campaigns?limit=1', KEY, limited)).status).toBe(200);
      expect((await get('/v2/campaigns?limit=1', KEY, limited)).status).toBe(200);
      const over = await get('/v2/campaigns?limit=1', KEY, limited);
      expect(over.status).toBe(420);
      expect(over.json.errors).toEqual([{ code: 'LIMIT_EXCEEDED', message: "Hit rate limit of 2 requests per hour for resource 'campaigns' for businessId 41000001" }]);
      expect([over.headers.get('x-ratelimit-resource-limit'), over.headers.get('x-ratelimit-resource-remaining')]).toEqual(['2', '0']);
      expect(Date.parse(over.headers.get('x-ratelimit-resource-until')!)).toBe(nextWholeHour());
      // Another method has its own hour.
      expect((await get('/v2/campaigns/21000001', KEY, limited)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('Yandex sandbox: no keep-alive', () => {
  it('answers Connection: close and closes, even to a keep-alive client; other providers keep the connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const status = (path: string, headers: Record<string, string>) =>
      new Promise<{ connection?: string }>((resolve, reject) => {
        httpRequest(`${sb.url}${path}`, { agent, headers }, (res) => { res.resume(); res.on('end', () => resolve({ connection: res.headers.connection })); }).on('error', reject).end();
      });
    try {
      for (let i = 0; i < 3; i++) expect((await status('/yandex/v2/campaigns?limit=1', KEY)).connection).toBe('close');
      expect((await status('/yandex/v2/campaigns', { 'X-Sandbox-Fault': '503' })).connection).toBe('close');
      expect(sb.stats.connections).toBe(4);
      await status('/ozzie/v1/users', {});
      await status('/ozzie/v1/users', {});
      expect(sb.stats.connections).toBe(5);
    } finally {
      agent.destroy();
    }
  });
});
