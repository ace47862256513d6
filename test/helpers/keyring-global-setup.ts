/**
 * vitest globalSetup: one private, unlocked gnome-keyring for the whole run.
 * Skips with one printed line where it cannot be started, except in CI, where keychain tests must run.
 */
import type { TestProject } from 'vitest/node';
import { ENV_KEY, SKIP_KEY } from './keyring.js';
import { missingTools, startSecretService } from './secret-service.js';

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  const missing = missingTools();
  if (missing) return skip(missing);
  let session;
  try {
    session = await startSecretService({ keyring: true });
  } catch (error) {
    return skip(`could not start a Secret Service: ${(error as Error).message}`);
  }
  process.env[ENV_KEY] = JSON.stringify(session.env);
  return async () => {
    delete process.env[ENV_KEY];
    await session.stop();
  };
}

function skip(reason: string): () => Promise<void> {
  if (process.env['CI'] && !['false', '0'].includes(process.env['CI'])) throw new Error(`keychain tests cannot run in CI: ${reason}`);
  console.log(`keychain tests skipped: ${reason}`);
  process.env[SKIP_KEY] = reason;
  return async () => {
    delete process.env[SKIP_KEY];
  };
}
