import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, expectOneLineError, runMkt } from '../helpers/cli.js';
import { acmeSpec, configWithSpecs } from '../helpers/user-spec.js';
import { FAKES } from '../../src/sandbox/fakes.js';
import { builtInProviders } from '../../src/providers/index.js';

/** Starts `mkt sandbox` as a user would and resolves once it has printed its export lines. */
function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('work only here')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, out: () => stdout, err: () => stderr };
}

describe('mkt sandbox', () => {
  it('serves the providers that have a fake; one without (a user\'s own) is named as not served', async () => {
    const config = configWithSpecs({ 'acme.json': acmeSpec() });
    const sb = startCli(['--port', '0'], { MKT_CONFIG_DIR: config.dir });
    try {
      await sb.ready;
      expect(sb.out()).toMatch(/^Acme API: no sandbox fake, not served$/m);
      expect(sb.out()).not.toMatch(/ACME_/);
      expect(sb.out().match(/^ {2}export \w+_URL=/gm)).toHaveLength(FAKES.length);
    } finally {
      sb.child.kill('SIGINT');
      expect(await sb.exited).toBe(0);
      config.cleanup();
    }
  });

  it('stops on a Ctrl-C that comes the moment its lines are printed (five times over)', async () => {
    for (let i = 0; i < 5; i++) {
      const sb = startCli(['--port', '0']);
      await sb.ready;
      sb.child.kill('SIGINT');
      const code = await Promise.race([sb.exited, new Promise((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000))]);
      if (code !== 0) sb.child.kill('SIGKILL');
      expect(code, `run ${i + 1}`).toBe(0);
    }
  });

  it('prints base URLs and credentials as export lines that work, and stops cleanly on Ctrl-C', async () => {
    const sb = startCli(['--port', '0']);
    await sb.ready;
    const exports = Object.fromEntries([...sb.out().matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    // Each fake's base-URL variable and its provider's credential variables (the registries).
    const served = builtInProviders.filter((p) => FAKES.some((f) => f.id === p.id));
    expect(Object.keys(exports).sort()).toEqual(served.flatMap((p) => [p.baseUrlEnv, ...p.fields.map((f) => f.env)]).sort());
    expect(exports).toMatchObject({ OZON_API_URL: expect.any(String), YANDEX_MARKET_API_KEY: expect.any(String), OZZIE_CLIENT_SECRET: expect.any(String), WB_API_TOKEN: expect.any(String) });
    expect(exports.OZON_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ozon$/);
    expect(exports.WB_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wb\/\{host\}$/);
    expect(sb.out()).toMatch(/^ {4}deactivated: OZON_CLIENT_ID=100201 OZON_API_KEY=sandbox-ozon-deactivated-\S+$/m);
    expect(sb.out()).toMatch(/^ {4}oauth: YANDEX_MARKET_API_KEY=y0_\S+$/m);
    const who = await runMkt(['whoami'], { env: { ...exports, MKT_CONFIG_DIR: '/nonexistent-mkt-config' } });
    expect(who.code, who.stdout).toBe(0);
    expect(who.stdout.match(/^✓/gm)).toHaveLength(FAKES.length);
    sb.child.kill('SIGINT');
    expect(await sb.exited).toBe(0);
    expect(sb.err()).toMatch(/sandbox stopped/);
  });

  it('bound to every interface: export lines on loopback (which mkt accepts over http) and a warning', async () => {
    const sb = startCli(['--port', '0', '--host', '0.0.0.0']);
    await sb.ready;
    try {
      expect(sb.out()).toMatch(/^mkt sandbox listening on http:\/\/127\.0\.0\.1:\d+ /m);
      expect(sb.out()).toMatch(/^ {2}bound to 0\.0\.0\.0: reachable from the network, with credentials that are published$/m);
      const url = /export OZON_API_URL=(\S+)/.exec(sb.out())![1]!;
      const env = { OZON_API_URL: url, OZON_CLIENT_ID: '100200', OZON_API_KEY: /export OZON_API_KEY=(\S+)/.exec(sb.out())![1]!, MKT_CONFIG_DIR: '/nonexistent-mkt-config' };
      expect((await runMkt(['whoami', 'ozon'], { env })).code).toBe(0);
    } finally {
      sb.child.kill('SIGTERM');
      await sb.exited;
    }
  });

  it('refuses a bad port and a port in use with exit 2', async () => {
    expectOneLineError(await runMkt(['sandbox', '--port', '70000']), 2, /--port must be 0–65535, not '70000'/);
    expectOneLineError(await runMkt(['sandbox', '--port', '']), 2, /--port must be 0–65535, not ''/);
    expectOneLineError(await runMkt(['sandbox', '--host', '']), 2, /--host must name an address/);
    const first = startCli(['--port', '0']);
    await first.ready;
    const port = /127\.0\.0\.1:(\d+)/.exec(first.out())![1]!;
    try {
      expectOneLineError(await runMkt(['sandbox', '--port', port]), 2, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});
