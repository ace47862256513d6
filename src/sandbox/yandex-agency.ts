import { agencyNumber, agencyOf, agencyTail } from './agency.js';

/** The n-th generated Yandex Market cabinet's Api-Key token (sandbox/agency.ts), scope ALL_METHODS. */
export const yandexAgency = (n: number): { token: string } => ({ token: `ACMA:sandboxYmAgency${agencyNumber(n)}T0ken${agencyTail(n, 2)}:${agencyTail(n, 3)}` });

export const yandexAgencyNumber = (token: string): number | undefined =>
  agencyOf(token, /^ACMA:sandboxYmAgency(\d{5})T0ken[0-9a-f]{8}:[0-9a-f]{8}$/, (n) => yandexAgency(n).token);
