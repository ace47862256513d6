/**
 * mkt against Yandex's two 420s (docs: concepts/limits). An hourly limit frees at the end of its hour:
 * mkt does not sleep for 40 minutes but gives up at once, exit 5, saying until when. A parallel-requests
 * 420 frees as soon as a request ends, though its headers name the end of the hour: mkt backs off and
 * goes on. And rejected credentials, 401 or 403, are exit 4 with Yandex's own reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { expectNoPieceOf, expectOneLineError, runMkt, sandboxEnv, tempHome } from '../helpers/cli.js';

const HOUR = 3_600_000;
const home = tempHome();
afterAll(() => home.cleanup());
const run = (sb: Sandbox, args: string[], token: string = S.yandex.valid.token) =>
  runMkt(args, { env: { ...home.env, ...sandboxEnv(sb.baseUrls), YANDEX_MARKET_API_KEY: token } });

async function withSandbox(opts: SandboxOptions, fn: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox({ port: 0, ...opts });
  try {
    await fn(sb);
  } finally {
    await sb.close();
  }
}

/** Close to the end of an hour the hourly limit frees within --max-wait: start after it instead. */
async function awayFromTheHour(): Promise<void> {
  const left = Math.ceil(Date.now() / HOUR) * HOUR - Date.now();
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

const UNTIL = /the provider asks to wait \d+ (s|min), until \d{4}-\d\d-\d\d \d\d:00:00 UTC; giving up \(waits are limited to 5 s\)$/;

describe('Yandex hourly limits: exit 5 at once, saying when the limit frees', () => {
  it('call: the request over the hour gives up without waiting', () =>
    withSandbox({ yandexHourly: { campaigns: 1 } }, async (sb) => {
      await awayFromTheHour();
      expect((await run(sb, ['call', 'yandex', 'GET', '/v2/campaigns', 'limit==1'])).code).toBe(0);
      const started = Date.now();
      const r = await run(sb, ['call', 'yandex', 'GET', '/v2/campaigns', 'limit==1', '--max-wait', '5']);
      expectOneLineError(r, 5, new RegExp(`^mkt: yandex: GET /yandex/v2/campaigns → 420: ${UNTIL.source}`));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(sb.stats.byPath['GET /yandex/v2/campaigns']).toBe(2);
      expectNoPieceOf(r, S.yandex.valid.token);
    }));

  it('--paginate: the pages before the limit are printed, then exit 5 at the page over it', () =>
    withSandbox({ yandexHourly: { campaigns: 2 } }, async (sb) => {
      await awayFromTheHour();
      const r = await run(sb, ['call', 'yandex', 'GET', '/v2/campaigns', 'limit==10', '--paginate', '--items', '--max-wait', '5']);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stdout.trim().split('\n')).toHaveLength(20);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(UNTIL);
    }));
});

describe('Yandex parallel limit: backed off, not waited until the end of the hour', () => {
  it('a request while another is in flight gets 420, backs off for seconds (not to the end of the hour), and succeeds', () =>
    withSandbox({ yandexParallel: 1 }, async (sb) => {
      await awayFromTheHour();
      const slow = fetch(`${sb.baseUrls.yandex}/v2/campaigns/21000001`, { headers: { 'Api-Key': S.yandex.valid.token, 'X-Sandbox-Fault': 'delay=1500' } });
      while (!sb.stats.byPath['GET /yandex/v2/campaigns/21000001']) await new Promise((resolve) => setTimeout(resolve, 10));
      const r = await run(sb, ['call', 'yandex', 'GET', '/v2/campaigns', 'limit==1', '--json']);
      await (await slow).arrayBuffer();
      expect(r.code, r.stderr).toBe(0);
      const waits = r.stderr.match(/^mkt: rate limited \(HTTP 420\); waiting (\d+\.\d) s$/gm) ?? [];
      expect(waits.length).toBeGreaterThan(0);
      for (const line of waits) expect(Number(/(\d+\.\d) s$/.exec(line)![1])).toBeLessThan(2.1);
    }));
});

describe('Yandex rejected credentials: exit 4 with the reason', () => {
  it('a revoked Api-Key is 401, an invalid OAuth token 403: both exit 4, secrets never shown', () =>
    withSandbox({}, async (sb) => {
      const revoked = await run(sb, ['call', 'yandex', 'GET', '/v2/campaigns'], S.yandex.invalid.token);
      expectOneLineError(revoked, 4, /^mkt: yandex: GET \/yandex\/v2\/campaigns → 401: UNAUTHORIZED: Api-Key token is revoked$/);
      expect(revoked.stderr).toMatch(/^ {2}the credentials were rejected/m);
      expectNoPieceOf(revoked, S.yandex.invalid.token);
      const oauth = 'y0_sandboxYmOauthT0kenNotValidAnymoreXq7Lp2Wz9';
      const whoami = await run(sb, ['whoami', 'yandex'], oauth);
      expect(whoami.code).toBe(4);
      expect(whoami.stdout).toMatch(/GET \/yandex\/v2\/campaigns → 403: FORBIDDEN: OAuth token is invalid/);
      expectNoPieceOf(whoami, oauth);
    }));
});
