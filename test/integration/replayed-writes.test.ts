/**
 * A request that may have changed something at the provider is never sent twice. Only requests known
 * to read are retried after a 5xx or a broken connection; a write is sent once and the error says why
 * it was not retried. Rate-limit answers (not applied by the server) and refused connections (nothing
 * sent) may be retried for any method.
 */
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runMkt } from '../helpers/cli.js';
import { closedPort } from '../helpers/hostile-server.mjs';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };
const call = (args: string[], extra: Record<string, string> = {}) => runMkt(['call', ...args], { env: { ...env, ...extra } });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

const WRITES = [
  ['/v2/products/stocks', 'stocks:=[{"offer_id":"A-1","product_id":1,"stock":5,"warehouse_id":1}]'],
  ['/v1/product/import/prices', 'prices:=[{"offer_id":"A-1","price":"999"}]'],
] as const;

describe('writes are sent once', () => {
  it.each(WRITES)('a 503 on POST %s: sent once, exit 7, and the error says it may have been applied', async (path, item) => {
    const r = await call(['ozon', 'POST', path, item, 'X-Sandbox-Fault:status=503']);
    expectOneLineError(r, 7, new RegExp(`^mkt: ozon: POST /ozon${path} → 503`));
    expect(r.stderr).toMatch(new RegExp(`^ {2}not retried: POST /ozon${path} is not known to only read, so it may have been applied; check before sending it again$`, 'm'));
    expect(count(`POST /ozon${path}`)).toBe(1);
  });

  it('--paginate: a 503 on a write is sent once, and the error says why, as for a plain call', async () => {
    const [path, item] = WRITES[0];
    const r = await call(['ozon', 'POST', path, item, 'X-Sandbox-Fault:status=503', '--paginate']);
    expectOneLineError(r, 7, new RegExp(`^mkt: ozon: POST /ozon${path} → 503`));
    expect(r.stderr).toMatch(new RegExp(`^ {2}not retried: POST /ozon${path} is not known to only read, so it may have been applied; check before sending it again$`, 'm'));
    expect(count(`POST /ozon${path}`)).toBe(1);
  });

  it('a reset on a write: sent once, exit 6, with the same reason', async () => {
    const r = await call(['ozon', 'POST', '/v2/products/stocks', WRITES[0][1], 'X-Sandbox-Fault:reset']);
    expectOneLineError(r, 6, /connection reset$/);
    expect(r.stderr).toMatch(/^ {2}not retried: POST \/ozon\/v2\/products\/stocks is not known to only read/m);
    expect(count('POST /ozon/v2/products/stocks')).toBe(1);
  });

  it('a read that ends like a write (/v4/product/info/stocks) is still retried', async () => {
    const r = await call(['ozon', 'POST', '/v4/product/info/stocks', 'filter:={}', 'limit:=1', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:read-stocks']);
    expect(r.stderr).toMatch(/HTTP 503 on a read-only request; waiting/);
    expect(count('POST /ozon/v4/product/info/stocks')).toBe(2);
  });

  it('a rate-limit answer is retried for a write too: the server did not apply it', async () => {
    const r = await call(['ozzie', 'POST', '/v1/users', 'external_user_id=rl-1', 'name=Alex', 'X-Sandbox-Fault:429-once', 'X-Sandbox-Fault-Id:w429']);
    expect(r.code, r.stderr).toBe(0);
    expect(count('POST /ozzie/v1/users')).toBe(2);
  });

  it('a refused connection is retried for a write too: nothing was sent', async () => {
    const r = await call(['ozon', 'POST', '/v2/products/stocks', WRITES[0][1], '--retries', '2'], { OZON_API_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(r.code).toBe(6);
    expect(r.stderr.match(/^mkt: connection refused; retrying \(nothing was sent\); waiting \d+\.\d s$/gm)).toHaveLength(2);
    expect(r.stderr).toMatch(/^mkt: ozon: POST http:\/\/127\.0\.0\.1:\d+\/v2\/products\/stocks: connection refused$/m);
    expect(r.stderr).not.toMatch(/may have been applied/);
  });

  it('--retries 0 asks for no retry: no claim about why there was none', async () => {
    const r = await call(['ozon', 'POST', '/v2/products/stocks', WRITES[0][1], 'X-Sandbox-Fault:status=503', '--retries', '0']);
    expectOneLineError(r, 7, /→ 503/);
    expect(r.stderr).not.toMatch(/not retried/);
  });
});
