import type { Fake } from './respond.js';
import { WB_CREDENTIALS } from './wb-credentials.js';
import { wbSandbox } from './wb.js';

export interface WbFakeOptions {
  /** `/ping`s per host per token in 30 s before 429. Default 3, as WB documents. */
  wbPingLimit?: number;
}

export const wbFake = {
  id: 'wb',
  title: 'Wildberries',
  baseUrlEnv: 'WB_API_URL',
  // One base URL for every WB host: mkt puts each host's name in place of {host}.
  basePath: '/{host}',
  credentials: WB_CREDENTIALS,
  create: (opts: WbFakeOptions) => wbSandbox({ pingLimit: opts.wbPingLimit ?? 3 }),
} as const satisfies Fake<'wb', WbFakeOptions>;
