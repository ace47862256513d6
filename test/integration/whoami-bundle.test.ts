/**
 * `mkt whoami` with plain arguments is answered by a bundle of its own (whoami.cjs, no commander):
 * it must print and exit exactly as the full program does, whatever the outcome.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoPieceOf, runMkt, runNode, sandboxEnv, type RunResult } from '../helpers/cli.js';
import { quickWhoamiArgs } from '../../src/cli/quick-whoami.js';

const root = mkdtempSync(join(tmpdir(), 'mkt-whoami-bundle-'));
const RUN_BUNDLE = join(dirname(dirname(BIN)), 'dist', 'run.cjs');
let sandbox: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sandbox = await startSandbox();
  env = {
    HOME: root, MKT_CONFIG_DIR: join(root, 'config'), MKT_CACHE_DIR: join(root, 'cache'), MKT_PASSPHRASE: 'test-passphrase', ...sandboxEnv(sandbox.baseUrls),
    OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey, YANDEX_MARKET_API_KEY: S.yandex.valid.token,
  };
  const stored = await runMkt(['login', 'ozon', '-p', 'shop2', '--stdin', '--store', 'file', '--no-verify'], { env, input: `OZON_CLIENT_ID=${S.ozon.expiring.clientId}\nOZON_API_KEY=${S.ozon.expiring.apiKey}\n` });
  expect(stored.code, stored.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
});

/** The full program on the same arguments: dist/run.cjs run straight, past main.cjs's routing. */
function fullProgram(argv: string[], extra: Record<string, string>): Promise<RunResult> {
  const script = `require(${JSON.stringify(RUN_BUNDLE)}).run(${JSON.stringify(argv)}).then((code) => process.exit(code))`;
  return runNode(['-e', script], { env: { ...env, ...extra } });
}

const CASES: Array<[string, string[], Record<string, string>, number]> = [
  ['one provider', ['whoami', 'ozon'], {}, 0],
  ['every set', ['whoami'], {}, 0],
  ['JSON', ['whoami', '--json', 'ozon'], {}, 0],
  ['a named profile', ['whoami', 'ozon', '--profile=shop2'], {}, 0],
  ['MKT_PROFILE', ['whoami'], { MKT_PROFILE: 'shop2' }, 0],
  ['a rejected key', ['whoami', 'ozon'], { OZON_API_KEY: S.ozon.invalid.apiKey }, 4],
  ['a profile not stored', ['whoami', 'ozon', '-p', 'shop9'], {}, 3],
  ['an unknown provider', ['whoami', 'nosuch'], {}, 2],
  ['a key given as the profile', ['whoami', '-p', 'sk_live_4f9a8b7c6d5e4f3a2b1c'], {}, 2],
  ['--base-url without a provider', ['whoami', '--base-url', 'http://127.0.0.1:9'], {}, 2],
  ['a base URL nothing listens on', ['whoami', 'ozon', '--base-url=http://127.0.0.1:9'], {}, 6],
];

describe('mkt whoami answered by its own bundle (whoami.cjs)', () => {
  it.each(CASES)('%s: the same output and exit code as the full program', async (_, argv, extra, code) => {
    expect(quickWhoamiArgs(argv, { ...env, ...extra }), 'the quick path takes it').toBeDefined();
    const quick = await runMkt(argv, { env: { ...env, ...extra } });
    const full = await fullProgram(argv, extra);
    expect(quick.code, quick.stderr).toBe(code);
    // A retry's wait has jitter: the rest of each line must match.
    const steady = (r: RunResult) => ({ ...r, stderr: r.stderr.replace(/waiting \d+\.\d s/g, 'waiting N s') });
    expect(steady(quick)).toEqual(steady(full));
    for (const secret of [S.ozon.valid.apiKey, S.ozon.expiring.apiKey, S.yandex.valid.token, 'sk_live_4f9a8b7c6d5e4f3a2b1c']) expectNoPieceOf(quick, secret);
  });

  it('answers without the full program: a copy of dist/ without run.cjs still checks', async () => {
    const copy = join(root, 'copy');
    for (const part of ['bin', 'dist']) cpSync(join(dirname(dirname(BIN)), part), join(copy, part), { recursive: true });
    rmSync(join(copy, 'dist', 'run.cjs'));
    const run = (argv: string[]) => runNode([join(copy, 'bin', 'mkt.cjs'), ...argv], { env });
    const quick = await run(['whoami', 'ozon']);
    expect(quick.code, quick.stderr).toBe(0);
    expect(quick.stdout).toMatch(/^✓ ozon \(env OZON_CLIENT_ID, OZON_API_KEY\)$/m);
    // Anything else is the full program's: here it is missing.
    expect((await run(['whoami', 'ozon', '--help'])).code).toBe(1);
  });
});

describe('quickWhoamiArgs', () => {
  it('takes plain argument lists, each option at most once', () => {
    expect(quickWhoamiArgs(['whoami'], {})).toEqual({ json: false });
    expect(quickWhoamiArgs(['whoami', '-p', 'a', 'wb', '--json', '--base-url', 'http://x'], {})).toEqual({ provider: 'wb', profile: 'a', json: true, baseUrl: 'http://x' });
    expect(quickWhoamiArgs(['whoami'], { MKT_PROFILE: 'b' })).toEqual({ json: false, profile: 'b' });
    expect(quickWhoamiArgs(['whoami', '--profile', 'a'], { MKT_PROFILE: 'b' })).toEqual({ json: false, profile: 'a' });
  });

  it('leaves everything else to commander', () => {
    for (const argv of [['whoami', '--help'], ['whoami', '-h'], ['whoami', '--', 'ozon'], ['whoami', 'ozon', 'wb'], ['whoami', '--json', '--json'], ['whoami', '-p'], ['whoami', '-p', '--json'],
      ['whoami', '--profile='], ['whoami', '-pshop2'], ['whoami', '-p', 'a', '-p', 'b'], ['whoami', '--jsn'], ['whoami', '-V'], ['-p', 'a', 'whoami'], ['status']]) {
      expect(quickWhoamiArgs(argv, {}), argv.join(' ')).toBeUndefined();
    }
    expect(quickWhoamiArgs(['whoami'], { MKT_PROFILE: '' })).toBeUndefined();
  });
});
