import { agencyNumber, agencyOf, agencyTail } from './agency.js';

/** The n-th generated Ozon seller (sandbox/agency.ts): its own Client-Id, an Admin key valid ~90 more days. */
export const ozonAgency = (n: number): { clientId: string; apiKey: string } => ({
  clientId: String(700_000 + n),
  apiKey: `sandbox-ozon-agency-${agencyNumber(n)}-${agencyTail(n, 1)}-4c1d-9e0a`,
});

export const ozonAgencyNumber = (apiKey: string): number | undefined =>
  agencyOf(apiKey, /^sandbox-ozon-agency-(\d{5})-[0-9a-f]{8}-4c1d-9e0a$/, (n) => ozonAgency(n).apiKey);
