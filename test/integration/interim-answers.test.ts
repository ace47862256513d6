/**
 * A 1xx is never an answer. A server that switches protocols unasked (101) or sends `102 Processing`
 * forever used to end `call`, `whoami` and `login` with exit 0 having printed nothing, or kept
 * `--paginate` waiting past `--timeout`. Through the built CLI, both HTTP clients (node:http for a
 * single call, the pooled one for --paginate).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt, tempHome, type RunResult } from '../helpers/cli.js';
import { hostileServer, listen, shut } from '../helpers/hostile-server.mjs';
import { VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

let server: Server;
let url: string;
const home = tempHome();
beforeAll(async () => {
  server = hostileServer();
  url = await listen(server);
});
afterAll(async () => {
  await shut(server);
  home.cleanup();
});

/** Every provider's base URL at one hostile route; valid sandbox credentials (the server ignores them). */
const at = (route: string) => ({
  ...home.env, ...VALID_CREDENTIALS_ENV, MKT_DEBUG: '1',
  OZON_API_URL: `${url}${route}`, YANDEX_MARKET_API_URL: `${url}${route}`, OZZIE_API_URL: `${url}${route}`,
});
const SWITCHED = /→ 101: the server switched protocols instead of answering$/;

function expectNoSecrets(r: RunResult): void {
  for (const secret of [S.ozon.valid.apiKey, S.yandex.valid.token, S.ozzie.valid.clientSecret]) expectNoPieceOf(r, secret);
}

describe.each([['/switch-protocols'], ['/switch-bare']])('a 101 Switching Protocols nobody asked for (%s) → exit 7', (route) => {
  it('call, and call --paginate', async () => {
    const single = await runMkt(['call', 'ozon', 'POST', '/v1/roles', '--timeout', '2', '--retries', '0'], { env: at(route) });
    expectOneLineError(single, 7, /^mkt: ozon: POST \/switch-[a-z]+\/v1\/roles → 101: the server switched protocols instead of answering$/);
    expect(single.stdout).toBe('');
    const pages = await runMkt(['call', 'ozon', 'POST', '/v3/product/list', 'limit:=1', '--paginate', '--timeout', '2', '--retries', '0'], { env: at(route) });
    expectOneLineError(pages, 7, SWITCHED);
    expect(pages.stdout).toBe('');
    expectNoSecrets(single);
    expectNoSecrets(pages);
  });

  it('whoami, every provider: each one fails by name, and the exit code says so', async () => {
    const r = await runMkt(['whoami'], { env: at(route) });
    expect(r.code, r.stderr).toBe(7);
    for (const id of ['ozon', 'yandex', 'ozzie']) expect(r.stdout).toMatch(new RegExp(`^✗ ${id} .*\\n {4}${id}: \\S+ \\S+ → 101: the server switched protocols`, 'm'));
    expectNoSecrets(r);
  });

  it('login: exit 7, nothing stored', async () => {
    const r = await runMkt(['login', 'ozon', '--from-env', '--store', 'file'], { env: { ...at(route), MKT_PASSPHRASE: 'interim-passphrase' } });
    expectOneLineError(r, 7, SWITCHED);
    expect(r.stderr).toMatch(/^ {2}nothing was stored$/m);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'))).toBe(false);
    expectNoSecrets(r);
  });
});

describe('102 Processing forever, never a final answer', () => {
  it.each([['call'], ['call --paginate']])('%s gives up after --timeout → exit 6', async (mode) => {
    const args = mode === 'call'
      ? ['call', 'ozon', 'POST', '/processing-forever/v1/roles', '--timeout', '1', '--retries', '0']
      : ['call', 'ozon', 'POST', '/processing-forever/v3/product/list', 'limit:=1', '--paginate', '--timeout', '1', '--retries', '0'];
    // A generous bound for a loaded machine: before the fix --paginate never ended at all.
    const r = await runMkt(args, { env: at(''), timeoutMs: 15_000 });
    expectOneLineError(r, 6, /\/processing-forever\/v\S+: no answer within 1 s$/);
  });
});
