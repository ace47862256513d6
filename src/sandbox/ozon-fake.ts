import type { Fake } from './respond.js';
import { OZON_CREDENTIALS } from './ozon-credentials.js';
import { ozonSandbox } from './ozon.js';
import { ozonAgency } from './ozon-agency.js';

export interface OzonFakeOptions {
  /** Ozon products behind /v3/product/list. Default 2500. */
  products?: number;
  /** Ozon FBS postings behind /v3/posting/fbs/list and /v4/posting/fbs/list. Default 250. */
  postings?: number;
  /** Ozon transactions behind /v3/finance/transaction/list. Default 1234. */
  transactions?: number;
  /** Ozon returns behind /v1/returns/list. Default 130. */
  returns?: number;
  /** Per Client-Id. Default 50. */
  ozonRatePerSecond?: number;
}

export const ozonFake = {
  id: 'ozon',
  title: 'Ozon',
  baseUrlEnv: 'OZON_API_URL',
  credentials: OZON_CREDENTIALS,
  agency: ozonAgency,
  create: (opts: OzonFakeOptions) =>
    ozonSandbox({
      products: opts.products ?? 2500,
      postings: opts.postings ?? 250,
      transactions: opts.transactions ?? 1234,
      returns: opts.returns ?? 130,
      ratePerSecond: opts.ozonRatePerSecond ?? 50,
    }),
} as const satisfies Fake<'ozon', OzonFakeOptions>;
