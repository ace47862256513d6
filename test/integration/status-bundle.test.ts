import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runMkt } from '../helpers/cli.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mkt-status-'));

/** An index as an agency has it: many profiles over every built-in provider, some expiring, one interrupted. */
function writeIndex(dir: string, count: number): void {
  const providers = ['ozon', 'yandex', 'ozzie', 'wb', 'ozon-performance'];
  const profiles: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) {
    const provider = providers[i % providers.length]!;
    const ids = provider === 'ozon' ? { clientId: String(100000 + i) } : provider === 'ozzie' ? { clientId: `ozz_client_${i}` } : {};
    profiles[`${provider}:shop${i}`] = {
      provider, profile: `shop${i}`, store: 'keychain', savedAt: '2026-11-01T10:00:00.000Z', ids, verifiedAt: '2026-12-01T10:00:00.000Z',
      ...(i % 3 === 0 ? { expiresAt: '2027-03-01T00:00:00.000Z' } : {}), ...(i % 7 === 0 ? { baseUrl: 'http://127.0.0.1:9/ozon' } : {}),
    };
  }
  profiles['ozon:default'] = { provider: 'ozon', profile: 'default', store: 'file', savedAt: '2026-11-01T10:00:00.000Z', ids: { clientId: '555' } };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, profiles, defaults: { yandex: 'shop1' } }, null, 2));
}

describe('mkt status answered by its own bundle (status.cjs)', () => {
  it('prints what the full program prints, table and JSON, for every profile choice', async () => {
    const dir = join(tempDir(), 'config');
    writeIndex(dir, 60);
    const env = { MKT_CONFIG_DIR: dir, OZON_CLIENT_ID: '100200', OZON_API_KEY: 'k'.repeat(20) };
    // MKT_PROFILE always goes through the full program (commander's rules for it): the same choice as -p.
    for (const [quick, full] of [[['-p', 'shop5'], { MKT_PROFILE: 'shop5' }], [['--profile=default', '--json'], { MKT_PROFILE: 'default' }]] as Array<[string[], Record<string, string>]>) {
      const a = await runMkt(['status', ...quick], { env });
      const b = await runMkt(['status', ...(quick.includes('--json') ? ['--json'] : [])], { env: { ...env, ...full } });
      expect(a.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr).toBe(b.stderr);
    }
    // Unnamed: the full program is reached with an argument the quick path leaves to it (`--json` twice is commander's to judge).
    const table = await runMkt(['status'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').filter((l) => /shop\d+/.test(l))).toHaveLength(60);
    expect(table.stdout).toContain('* the set a command uses');
    const forced = await runMkt(['status', '--profile', 'default', '--json'], { env });
    const viaEnv = await runMkt(['status', '--json'], { env: { ...env, MKT_PROFILE: 'default' } });
    expect(forced.stdout).toBe(viaEnv.stdout);
  });

  it('fails as the full program does: a bad profile name (exit 2), a corrupt index (exit 8), no secret echoed', async () => {
    const dir = join(tempDir(), 'config');
    const key = 'sk_live_4f9a8b7c6d5e4f3a2b1c';
    const bad = await runMkt(['status', '-p', key], { env: { MKT_CONFIG_DIR: dir } });
    const badFull = await runMkt(['status'], { env: { MKT_CONFIG_DIR: dir, MKT_PROFILE: key } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(badFull.stderr);
    expect(bad.stderr).not.toContain(key.slice(0, 8));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), '{"version":1,');
    const corrupt = await runMkt(['status'], { env: { MKT_CONFIG_DIR: dir } });
    expect(corrupt.code).toBe(8);
    expect(corrupt.stderr).toMatch(/^mkt: config index .* is corrupt \(not valid JSON\)/);
  });
});
