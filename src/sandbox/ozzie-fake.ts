import type { Fake } from './respond.js';
import { OZZIE_CREDENTIALS } from './ozzie-credentials.js';
import { ozzieSandbox } from './ozzie.js';

export interface OzzieFakeOptions {
  /** Per client. Default 1000. */
  ozzieRatePerMinute?: number;
  /** Ozzie users each client starts with, behind GET /v1/users. Default 25. */
  ozzieUsers?: number;
}

export const ozzieFake = {
  id: 'ozzie',
  title: 'Ozzie',
  baseUrlEnv: 'OZZIE_API_URL',
  credentials: OZZIE_CREDENTIALS,
  create: (opts: OzzieFakeOptions) => ozzieSandbox({ ratePerMinute: opts.ozzieRatePerMinute ?? 1000, users: opts.ozzieUsers ?? 25 }),
} as const satisfies Fake<'ozzie', OzzieFakeOptions>;
