/** `mkt call ozon <path>` without a method: the spec's GET paths go as GET with no body, the rest as POST {}. */
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoSecret, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };
const call = (args: string[]) => runMkt(['call', 'ozon', ...args], { env });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

describe('mkt call ozon without a method', () => {
  it('sends a path the spec says is a GET as a GET, without a body', async () => {
    const r = await call(['/v1/actions', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).result.length).toBeGreaterThan(0);
    expect([count('GET /ozon/v1/actions'), count('POST /ozon/v1/actions')]).toEqual([1, 0]);
    const dry = await call(['/v1/actions', '--dry-run']);
    expect(dry.stdout).toMatch(/^GET .*\/ozon\/v1\/actions$/m);
    expect(dry.stdout).not.toMatch(/content-type|\{\}/i);
    expectNoSecret(r, S.ozon.valid.apiKey);
  });

  it('still sends every other path as a POST with {}', async () => {
    const r = await call(['/v1/roles', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).roles[0].methods).toContain('/v1/actions');
    expect(count('POST /ozon/v1/roles')).toBe(1);
  });

  it('refuses a body for a GET path unless a method is named (exit 2, nothing sent)', async () => {
    expectOneLineError(await call(['/v1/actions', 'x=1']), 2, /^mkt: ozon '\/v1\/actions' is a GET and takes no body: give its parameters as name==value/);
    expect(sandbox.stats.requests).toBe(0);
    const named = await call(['POST', '/v1/actions', 'x=1']);
    expectOneLineError(named, 7, /POST \/ozon\/v1\/actions → 404/);
  });
});
