import type { Fake } from './respond.js';
import { OZON_PERFORMANCE_CREDENTIALS } from './ozon-performance-credentials.js';
import { ozonPerformanceSandbox } from './ozon-performance.js';
import { TOKEN_SECONDS } from './ozon-performance-tokens.js';

export interface OzonPerformanceFakeOptions {
  /** Campaigns each service account has behind GET /api/client/campaign. Default 3. */
  performanceCampaigns?: number;
  /** Lifetime of the access tokens it issues, in seconds. Default 1800, as Ozon's; switchable while it runs (POST /ozon-performance/_sandbox/tokens?lifetime=S). */
  performanceTokenSeconds?: number;
}

export const ozonPerformanceFake = {
  id: 'ozon-performance',
  title: 'Ozon Performance',
  baseUrlEnv: 'OZON_PERFORMANCE_API_URL',
  credentials: OZON_PERFORMANCE_CREDENTIALS,
  create: (opts: OzonPerformanceFakeOptions) => ozonPerformanceSandbox({ campaigns: opts.performanceCampaigns ?? 3, tokenSeconds: opts.performanceTokenSeconds ?? TOKEN_SECONDS }),
} as const satisfies Fake<'ozon-performance', OzonPerformanceFakeOptions>;
