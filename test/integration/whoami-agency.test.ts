/**
 * `mkt whoami` over an agency's hundreds of stored profiles against the sandbox (issue 19): every row
 * printed, none pushed into the fakes' rate limiters, requests in flight bounded, a broken profile
 * failing its own row only, identical sets checked once, and Yandex's hourly token-check budget kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agency, SANDBOX_CREDENTIALS as S, startSandbox } from '../../src/sandbox/server.js';
import { expectNoPieceOf, runMkt, sandboxEnv, tempHome } from '../helpers/cli.js';
import { seedFileProfiles, SECRET_KEYS, type SeedProfile } from '../helpers/agency.js';
import { keyringEnv, skipReason } from '../helpers/keyring.js';
import { sandboxForFile } from '../helpers/sandbox.js';

/** Each answer takes 20 ms, as a far API's would: requests a client keeps in flight pile up where the sandbox can count them. */
const { sandbox, env: sandboxOnly } = await sandboxForFile({ answerDelayMs: 20 }, { resetBeforeEach: true });

/** Two requests per Ozon check (roles, seller info), 32 checks at once (WHOAMI_CONCURRENCY). */
const MAX_IN_FLIGHT = 64;
const PASSPHRASE = 'agency-passphrase';

const ozonProfile = (profile: string, values: { clientId: string; apiKey: string }, baseUrl?: string): SeedProfile => ({ provider: 'ozon', profile, values, secretKeys: SECRET_KEYS.ozon, ...(baseUrl ? { baseUrl } : {}) });
const shop = (i: number): string => `shop${String(i).padStart(3, '0')}`;

async function fileHome(profiles: SeedProfile[]) {
  const home = tempHome();
  await seedFileProfiles(home.env.MKT_CONFIG_DIR!, PASSPHRASE, profiles);
  const env: Record<string, string> = { ...sandboxOnly, ...home.env, MKT_STORE: 'file', MKT_PASSPHRASE: PASSPHRASE, MKT_CACHE_DIR: join(home.dir, 'cache') };
  return { home, env };
}

const rowsOf = (stdout: string): string[] => stdout.split('\n').filter((l) => /^[✓✗-] /.test(l));

describe('whoami over 200 stored profiles (file store)', () => {
  it('checks all 200, prints each in order, sends nothing the rate limiter refuses, keeps in flight bounded', async () => {
    const { home, env } = await fileHome(Array.from({ length: 200 }, (_, i) => ozonProfile(shop(i + 1), agency(i + 1).ozon)));
    try {
      const r = await runMkt(['whoami'], { env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      const rows = rowsOf(r.stdout);
      expect(rows).toHaveLength(200);
      expect(rows.every((l) => l.startsWith('✓ ozon (profile shop'))).toBe(true);
      expect(rows.map((l) => /shop\d+/.exec(l)![0])).toEqual(Array.from({ length: 200 }, (_, i) => shop(i + 1)));
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('200 sets: 200 ok');
      expect(sandbox.stats.byPath['POST /ozon/v1/roles']).toBe(200);
      expect(sandbox.stats.byStatus['429'] ?? 0).toBe(0);
      expect(sandbox.stats.peakInFlight).toBeGreaterThan(1);
      expect(sandbox.stats.peakInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect(r.stderr).toBe('');
      for (const i of [1, 100, 200]) expectNoPieceOf(r, agency(i).ozon.apiKey);
    } finally {
      home.cleanup();
    }
  });

  it('a rejected key and an unreachable base URL fail their own rows only; the run exits 4 (rejected outranks network)', async () => {
    // Each profile's own base URL (as `login --base-url` stores it), so one can point nowhere.
    const url = sandbox.baseUrls.ozon;
    const profiles = Array.from({ length: 198 }, (_, i) => ozonProfile(shop(i + 1), agency(i + 1).ozon, url));
    profiles.splice(50, 0, ozonProfile('broken-key', S.ozon.invalid, url));
    profiles.splice(120, 0, ozonProfile('broken-url', agency(500).ozon, 'http://127.0.0.1:9/ozon'));
    const { home, env: withUrl } = await fileHome(profiles);
    const { OZON_API_URL: _, ...env } = withUrl;
    try {
      const r = await runMkt(['whoami'], { env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(4);
      const rows = rowsOf(r.stdout);
      expect(rows).toHaveLength(200);
      expect(rows.filter((l) => l.startsWith('✓'))).toHaveLength(198);
      expect(r.stdout).toMatch(/✗ ozon \(profile broken-key, file\)\n\s+ozon: POST \/ozon\/v1\/roles → 404: Invalid Api-Key/);
      expect(r.stdout).toMatch(/✗ ozon \(profile broken-url, file\)\n\s+ozon: POST http:\/\/127\.0\.0\.1:9\/ozon\/v1\/roles: connection refused/);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('200 sets: 198 ok, 1 rejected, 1 network failure');
      // Its retries are said on stderr, naming the profile they belong to.
      expect(r.stderr).toMatch(/^mkt: ozon \(profile broken-url\): connection refused; retrying a read-only request; waiting \d+\.\d s$/m);
      expect(sandbox.stats.byStatus['429'] ?? 0).toBe(0);
      expectNoPieceOf(r, S.ozon.invalid.apiKey);
    } finally {
      home.cleanup();
    }
  });

  it('identical sets under many profiles are checked once each and reported for every profile', async () => {
    const { home, env } = await fileHome(Array.from({ length: 200 }, (_, i) => ozonProfile(shop(i + 1), agency((i % 20) + 1).ozon)));
    try {
      const r = await runMkt(['whoami'], { env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(rowsOf(r.stdout)).toHaveLength(200);
      expect(sandbox.stats.byPath['POST /ozon/v1/roles']).toBe(20);
      expect(r.stdout).toContain('✓ ozon (profile shop021, file)\n    same credentials as profile shop001: checked once\n');
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe("200 sets: 200 ok; 180 the same as another's, checked once");
      const json = JSON.parse((await runMkt(['whoami', '--json'], { env })).stdout) as Array<Record<string, unknown>>;
      expect(json).toHaveLength(200);
      expect(json[20]).toMatchObject({ profile: 'shop021', ok: true, sameAs: { profile: 'shop001' }, identity: { company: 'ООО Песочница' } });
    } finally {
      home.cleanup();
    }
  });
});

describe.skipIf(skipReason)('whoami over many profiles in the keychain (a private gnome-keyring)', () => {
  it('checks 30 keychain profiles, each row printed, no 429', async () => {
    const home = tempHome();
    const env = { ...sandboxOnly, ...home.env, ...keyringEnv()!, MKT_CACHE_DIR: join(home.dir, 'cache') };
    try {
      for (let i = 1; i <= 30; i++) {
        const { clientId, apiKey } = agency(i).ozon;
        const login = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'keychain', '-p', `kc${i}`], { env, input: `OZON_CLIENT_ID=${clientId}\nOZON_API_KEY=${apiKey}\n` });
        expect(login.code, login.stderr).toBe(0);
      }
      const r = await runMkt(['whoami'], { env, timeoutMs: 60_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(rowsOf(r.stdout).filter((l) => /^✓ ozon \(profile kc\d+, keychain\)$/.test(l))).toHaveLength(30);
      expect(sandbox.stats.byStatus['429'] ?? 0).toBe(0);
      expect(sandbox.stats.peakInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      for (let i = 1; i <= 30; i++) await runMkt(['logout', 'ozon', '-p', `kc${i}`], { env });
    } finally {
      home.cleanup();
    }
  }, 120_000);
});

describe("Yandex's 100 token checks an hour: remembered, never burnt", () => {
  it('a second run does not send POST /v2/auth/token once the budget is spent, says until when, exit 5; the state file holds no piece of a token', async () => {
    const limited = await startSandbox({ yandexHourly: { 'auth/token': 3 } });
    // Close to the end of an hour the budget frees before the second run: start after it instead.
    const left = Math.ceil(Date.now() / 3_600_000) * 3_600_000 - Date.now();
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 500));
    const tokens = [1, 2].map((n) => agency(n).yandex);
    const profiles: SeedProfile[] = tokens.map((values, i) => ({ provider: 'yandex', profile: `cab${i + 1}`, values, secretKeys: SECRET_KEYS.yandex }));
    const { home, env: base } = await fileHome(profiles);
    const env = { ...base, ...sandboxEnv(limited.baseUrls) };
    try {
      // cab1 spends its token's budget; cab2 keeps some.
      for (let i = 0; i < 2; i++) expect((await runMkt(['whoami', 'yandex', '-p', 'cab1'], { env })).code).toBe(0);
      const first = await runMkt(['whoami'], { env });
      expect(first.code, first.stdout).toBe(0);
      const sent = limited.stats.byPath['POST /yandex/v2/auth/token'];
      expect(sent).toBe(4);
      const second = await runMkt(['whoami'], { env });
      expect(second.code).toBe(5);
      expect(limited.stats.byPath['POST /yandex/v2/auth/token']).toBe(sent! + 1);
      expect(second.stdout).toMatch(/^- yandex \(profile cab1, file\)\n {4}not checked: Yandex allows 100 token checks an hour \(POST \/v2\/auth\/token\); none left until \d\d:00 UTC\n {4}last passed \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/m);
      expect(second.stdout).toMatch(/^✓ yandex \(profile cab2, file\)$/m);
      expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('2 sets: 1 ok, 1 deferred');
      const json = JSON.parse((await runMkt(['whoami', '--json'], { env })).stdout) as Array<Record<string, unknown>>;
      expect(json[0]).toMatchObject({ profile: 'cab1', ok: false, exitCode: 5, deferred: { until: expect.stringMatching(/:00:00\.000Z$/) } });
      const cache = join(home.dir, 'cache');
      const state = readdirSync(cache).filter((f) => f === 'budgets.json').map((f) => readFileSync(join(cache, f), 'utf8')).join('');
      expect(state).toMatch(/"remaining": 0/);
      const seen = { code: 0, stdout: state, stderr: '' };
      for (const t of tokens) expectNoPieceOf(seen, t.token);
      for (const r of [first, second]) for (const t of tokens) expectNoPieceOf(r, t.token);
    } finally {
      home.cleanup();
      await limited.close();
    }
  });
});
