/**
 * The sandbox's registry: one fake per provider id, one line each. A provider without a fake is simply
 * not served (`mkt sandbox` says so). Every secret of every set is long and unique (none is a
 * substring of another), so tests can search any output for it to prove it was redacted.
 */
import { ozonFake, type OzonFakeOptions } from './ozon-fake.js';
import { yandexFake, type YandexFakeOptions } from './yandex-fake.js';
import { ozzieFake, type OzzieFakeOptions } from './ozzie-fake.js';
import { ozonPerformanceFake, type OzonPerformanceFakeOptions } from './ozon-performance-fake.js';
import { wbFake, type WbFakeOptions } from './wb-fake.js';

export const FAKES = [ozonFake, yandexFake, ozzieFake, ozonPerformanceFake, wbFake] as const;

export type FakeId = (typeof FAKES)[number]['id'];

/** What the fakes read from the sandbox's options. */
export type FakeOptions = OzonFakeOptions & YandexFakeOptions & OzzieFakeOptions & OzonPerformanceFakeOptions & WbFakeOptions;

/** The sets each fake knows, by provider id: `SANDBOX_CREDENTIALS.ozon.valid.apiKey`. */
export const SANDBOX_CREDENTIALS = {
  [ozonFake.id]: ozonFake.credentials,
  [yandexFake.id]: yandexFake.credentials,
  [ozzieFake.id]: ozzieFake.credentials,
  [ozonPerformanceFake.id]: ozonPerformanceFake.credentials,
  [wbFake.id]: wbFake.credentials,
} as const;

export type SandboxCredentials = typeof SANDBOX_CREDENTIALS;

/**
 * The n-th generated account of every fake that offers them (sandbox/agency.ts), by provider id:
 * `agency(7).ozon.clientId`. Each is its own account at its fake, with the fake's own limits.
 */
export function agency(n: number) {
  return { [ozonFake.id]: ozonFake.agency(n), [yandexFake.id]: yandexFake.agency(n) } as const;
}
