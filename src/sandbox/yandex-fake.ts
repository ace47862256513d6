import type { Fake } from './respond.js';
import { YANDEX_CREDENTIALS } from './yandex-credentials.js';
import { yandexAgency } from './yandex-agency.js';
import { yandexSandbox } from './yandex.js';
import { HOURLY_LIMITS, type Resource } from './yandex-limits.js';

export interface YandexFakeOptions {
  /** Yandex campaigns behind /v2/campaigns. Default 120. */
  campaigns?: number;
  /** Requests in flight per token before 420. Default 2, as Yandex documents. */
  yandexParallel?: number;
  /** Requests per token per hour, by resource. Defaults from the spec: auth/token 100, campaigns 1000, campaigns/{campaignId} 5000. */
  yandexHourly?: Partial<Record<Resource, number>>;
}

export const yandexFake = {
  id: 'yandex',
  title: 'Yandex Market',
  baseUrlEnv: 'YANDEX_MARKET_API_URL',
  credentials: YANDEX_CREDENTIALS,
  agency: yandexAgency,
  create: (opts: YandexFakeOptions) =>
    yandexSandbox({
      campaigns: opts.campaigns ?? 120,
      parallel: opts.yandexParallel ?? 2,
      hourly: { ...HOURLY_LIMITS, ...opts.yandexHourly },
    }),
} as const satisfies Fake<'yandex', YandexFakeOptions>;
