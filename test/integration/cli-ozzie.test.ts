import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { expectNoPieceOf, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

// Ozzie's documented answers through the built CLI (issue 13): the wrapped user, 422, 400 INVALID_JSON, 401.
const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };

const call = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  runMkt(['call', 'ozzie', ...args], { env: { ...env, ...opts.env }, input: opts.input });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;
const BEARER = Buffer.from(`${S.ozzie.valid.clientId}:${S.ozzie.valid.clientSecret}`).toString('base64');

function expectNoSecretPiece(r: Awaited<ReturnType<typeof call>>) {
  expectNoPieceOf(r, S.ozzie.valid.clientSecret);
  expectNoPieceOf(r, BEARER);
}

describe('mkt call ozzie', () => {
  it('prints the created user as Ozzie wraps it, and reads it back by external: id', async () => {
    const created = await call(['POST', '/v1/users', 'external_user_id=cli-1', 'name=Ana Lima', 'phone=+5511999998888', 'language=pt', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const user = JSON.parse(created.stdout);
    expect(user).toMatchObject({ object: 'user', data: { external_user_id: 'cli-1', language: 'pt', onboarding_stage: 'intake_pending' } });
    expect(user.data.id).toMatch(/^ozz_usr_/);
    const got = await call(['GET', '/v1/users/external:cli-1', '--json']);
    expect(JSON.parse(got.stdout)).toEqual(user);
  });

  it('a language other than en, pt, es is 422 VALIDATION_ERROR: exit 7, one line naming the field, sent once, nothing created', async () => {
    const r = await call(['POST', '/v1/users', 'external_user_id=cli-ru', 'language=ru']);
    expectOneLineError(r, 7, /^mkt: ozzie: POST \/ozzie\/v1\/users → 422: VALIDATION_ERROR: One or more fields failed validation\. \(language: Must be one of: en, pt, es\)$/);
    expect(count('POST /ozzie/v1/users')).toBe(1);
    expectNoSecretPiece(r);
    expect((await call(['GET', '/v1/users/cli-ru'])).code).toBe(7);
  });

  it('a body that is not JSON (sent as it is with --input) is 400 INVALID_JSON: exit 7, sent once', async () => {
    const r = await call(['POST', '/v1/users', '--input', '-'], { input: '{"external_user_id": "x",}' });
    expectOneLineError(r, 7, /→ 400: INVALID_JSON: The request body could not be parsed as JSON\.$/);
    expect(count('POST /ozzie/v1/users')).toBe(1);
    expectNoSecretPiece(r);
  });

  it('a rotated secret is 401 UNAUTHORIZED: exit 4', async () => {
    const rotated = { OZZIE_CLIENT_ID: S.ozzie.invalid.clientId, OZZIE_CLIENT_SECRET: S.ozzie.invalid.clientSecret };
    const r = await call(['GET', '/v1/users'], { env: rotated });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/→ 401: UNAUTHORIZED: Invalid or missing authorization credentials\./);
    expectNoPieceOf(r, S.ozzie.invalid.clientSecret);
  });

  it('whoami still proves a pair with GET /v1/users?limit=1, also for a client with no users yet', async () => {
    const empty = await startSandbox({ port: 0, ozzieUsers: 0 });
    try {
      const r = await runMkt(['whoami', 'ozzie'], { env: { ...env, OZZIE_API_URL: empty.baseUrls.ozzie } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/credentials\s+accepted/);
      expect(empty.stats.byPath['GET /ozzie/v1/users']).toBe(1);
    } finally {
      await empty.close();
    }
  });
});

