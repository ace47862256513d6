/** The set-up of a pass store test file: the sandbox and a temp HOME, throwaway keyrings, a watched mkt. */
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { watchedMkt } from './cli.js';
import { keyringsIn, passSkipReason } from './gpg.js';
import { sandboxForFile } from './sandbox.js';

export async function passTestFile() {
  const { home, env } = await sandboxForFile();
  const key = S.ozon.valid.apiKey;
  return {
    home,
    /** The sandbox's base-URL variables, with the temp HOME. */
    sandbox: env,
    /** Why these tests cannot run here (throws in CI instead). */
    skip: passSkipReason(),
    /** The secret no output may hold a piece of. */
    key,
    ozonLines: `OZON_CLIENT_ID=${S.ozon.valid.clientId}\nOZON_API_KEY=${key}\n`,
    keyring: keyringsIn(home.dir),
    /** The built CLI against the sandbox; every result checked for the key after the file. */
    mkt: watchedMkt(env, key),
  };
}
