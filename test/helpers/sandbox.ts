/** The in-process sandbox (src/sandbox) as the CLI tests use it. */
import { afterAll, beforeEach } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { sandboxEnv, tempHome } from './cli.js';

/** The sandbox's valid credentials, as the environment variables a CI job would set. */
export const VALID_CREDENTIALS_ENV: Readonly<Record<string, string>> = Object.freeze({
  OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey,
  YANDEX_MARKET_API_KEY: S.yandex.valid.token,
  OZZIE_CLIENT_ID: S.ozzie.valid.clientId, OZZIE_CLIENT_SECRET: S.ozzie.valid.clientSecret,
});

export interface FileSandbox {
  sandbox: Sandbox;
  home: ReturnType<typeof tempHome>;
  /** The temp HOME with every provider pointed at the sandbox; no credentials. */
  env: Record<string, string>;
}

/**
 * For one test file (call it at the top level, with await): a sandbox and a temp HOME, both gone
 * after the file's tests. With `resetBeforeEach`, the sandbox forgets its counts, faults and rate
 * limits before every test (POST /_sandbox/reset).
 */
export async function sandboxForFile(opts: SandboxOptions = {}, { resetBeforeEach = false } = {}): Promise<FileSandbox> {
  const sandbox = await startSandbox(opts);
  const home = tempHome();
  afterAll(async () => {
    await sandbox.close();
    home.cleanup();
  });
  if (resetBeforeEach) {
    beforeEach(async () => {
      await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    });
  }
  return { sandbox, home, env: { ...home.env, ...sandboxEnv(sandbox.baseUrls) } };
}
