/**
 * The MCP whoami tool runs the way `mkt whoami` runs (issue 19): identical stored sets checked once,
 * and Yandex's hourly token-check budget remembered in the same file the CLI keeps, so an assistant
 * that asks again and again does not burn it, and neither does the CLI after it.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agency } from '../../src/sandbox/server.js';
import { expectNoPieceOf, runMkt } from '../helpers/cli.js';
import { seedFileProfiles, SECRET_KEYS } from '../helpers/agency.js';
import { connectMkt } from '../helpers/mcp-client.js';
import { sandboxForFile } from '../helpers/sandbox.js';

const { sandbox, home, env: sandboxOnly } = await sandboxForFile({ yandexHourly: { 'auth/token': 1 } });
const PASSPHRASE = 'mcp-whoami-passphrase';
const ozon = agency(1).ozon;
const yandex = agency(1).yandex;
await seedFileProfiles(home.env.MKT_CONFIG_DIR!, PASSPHRASE, [
  { provider: 'ozon', profile: 'shop1', values: ozon, secretKeys: SECRET_KEYS.ozon },
  { provider: 'ozon', profile: 'shop1-copy', values: ozon, secretKeys: SECRET_KEYS.ozon },
  { provider: 'yandex', profile: 'cab', values: yandex, secretKeys: SECRET_KEYS.yandex },
]);
const env = { ...sandboxOnly, MKT_STORE: 'file', MKT_PASSPHRASE: PASSPHRASE, MKT_CACHE_DIR: join(home.dir, 'cache') };
const mcp = await connectMkt([], env);
afterAll(() => mcp.close());
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

describe('the MCP whoami tool', () => {
  it('checks an identical set once, then does not send a Yandex token check whose budget is spent; the CLI reads the same memory', async () => {
    // Close to the end of an hour the budget frees between the calls: start after it instead.
    const left = Math.ceil(Date.now() / 3_600_000) * 3_600_000 - Date.now();
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 500));
    const first = await mcp.call('whoami', {});
    expect(first.isError, first.text).toBe(false);
    const sets = first.json.sets as Array<Record<string, unknown>>;
    expect(sets.map((s) => `${s.provider}:${s.profile}:${s.ok}`)).toEqual(['ozon:shop1:true', 'ozon:shop1-copy:true', 'yandex:cab:true']);
    expect(sets[1]).toMatchObject({ sameAs: { profile: 'shop1' } });
    expect(count('POST /ozon/v1/roles')).toBe(1);
    expect(count('POST /yandex/v2/auth/token')).toBe(1);

    const second = await mcp.call('whoami', { provider: 'yandex' });
    const [cab] = second.json.sets as Array<Record<string, unknown>>;
    expect(cab).toMatchObject({ provider: 'yandex', ok: false, deferred: { until: expect.stringMatching(/:00:00\.000Z$/) } });
    expect(cab!.error).toMatch(/^not checked: Yandex allows 100 token checks an hour \(POST \/v2\/auth\/token\); none left until \d\d:00 UTC/);
    expect(count('POST /yandex/v2/auth/token')).toBe(1);

    const cli = await runMkt(['whoami', 'yandex', '-p', 'cab'], { env });
    expect(cli.code, cli.stdout + cli.stderr).toBe(5);
    expect(count('POST /yandex/v2/auth/token')).toBe(1);

    const seen = { code: 0, stdout: mcp.received.join('\n'), stderr: mcp.stderr() };
    expectNoPieceOf(seen, ozon.apiKey);
    expectNoPieceOf(seen, yandex.token);
  }, 30_000);
});
