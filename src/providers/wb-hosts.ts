/**
 * Wildberries serves each part of its API from a host of its own (`content-api.wildberries.ru`, …):
 * which path goes where, and which token category each host checks. From WB's own OpenAPI files
 * (the `servers` of every operation, 2025-12 and 2026-08 copies; docs/providers.md, "Wildberries").
 */
import type { HostTable } from './types.js';

/** A token category: its bit in the token's `s` claim, and the host whose `/ping` checks it. */
export interface Category {
  bit: number;
  name: string;
  host: string;
}

export const CATEGORIES: readonly Category[] = [
  { bit: 1, name: 'content', host: 'content-api' },
  { bit: 2, name: 'analytics', host: 'seller-analytics-api' },
  { bit: 3, name: 'prices', host: 'discounts-prices-api' },
  { bit: 4, name: 'marketplace', host: 'marketplace-api' },
  { bit: 5, name: 'statistics', host: 'statistics-api' },
  { bit: 6, name: 'promotion', host: 'advert-api' },
  { bit: 7, name: 'feedbacks', host: 'feedbacks-api' },
  { bit: 9, name: 'chat', host: 'buyer-chat-api' },
  { bit: 10, name: 'supplies', host: 'supplies-api' },
  { bit: 11, name: 'returns', host: 'returns-api' },
  { bit: 12, name: 'documents', host: 'documents-api' },
  { bit: 13, name: 'finance', host: 'finance-api' },
  { bit: 16, name: 'users', host: 'user-management-api' },
];

/** The host of tariffs, news and seller information: answers a token of any category. */
export const COMMON_HOST = 'common-api';

/**
 * The path prefixes of each host, whole segments (`/api/v1/seller` is not `/api/v1/seller-info`).
 * No path of WB's specs matches two hosts; `/ping`, which every host has, is common-api's here.
 */
const PREFIXES: Record<string, string> = {
  'common-api': '/ping /api/communications /api/v1/seller-info /api/v1/tariffs /api/tariffs /api/common/v1/subscriptions /api/common/v1/tariff-constructor',
  'content-api': '/content /api/content',
  'seller-analytics-api': '/api/analytics /api/v1/analytics /api/v1/warehouse_remains /api/v1/acceptance_report /api/v1/paid_storage /api/v2/nm-report /api/v2/search-report /api/v2/stocks-report',
  'discounts-prices-api': '/api/v2/upload /api/v2/history /api/v2/buffer /api/v2/list /api/v2/quarantine /api/discounts-prices',
  'dp-calendar-api': '/api/v1/calendar',
  'marketplace-api': '/api/v3 /api/marketplace',
  'statistics-api': '/api/v1/supplier /api/v5',
  'advert-api': '/adv/v0 /adv/v2 /adv/v3 /api/advert /adv/v1/promotion /adv/v1/supplier /adv/v1/balance /adv/v1/budget /adv/v1/upd /adv/v1/payments /adv/v1/search /adv/v1/auto /adv/v1/stat /adv/v1/normquery',
  'advert-media-api': '/adv/v1/count /adv/v1/adverts /adv/v1/advert /adv/v1/stats',
  'feedbacks-api': '/api/feedbacks /api/v1/feedback /api/v1/feedbacks /api/v1/question /api/v1/questions /api/v1/new-feedbacks-questions /api/common/v1/rating',
  'buyer-chat-api': '/api/v1/seller',
  'supplies-api': '/api/v1/acceptance /api/v1/warehouses /api/v1/transit-tariffs /api/v1/supplies',
  'returns-api': '/api/v1/claim /api/v1/claims',
  'documents-api': '/api/v1/documents',
  'finance-api': '/api/v1/account /api/finance',
  'user-management-api': '/api/v1/invite /api/v1/user /api/v1/users',
};

/** The hosts a test token works on: the `-sandbox` twin of each (WB's specs, second `servers` entry). */
const SANDBOXED = new Set(['content-api', 'discounts-prices-api', 'marketplace-api', 'statistics-api', 'advert-api', 'feedbacks-api', 'supplies-api']);

const segments = (path: string): string[] => (path.split(/[?#]/)[0] ?? '').split('/').filter(Boolean);

const RULES: Array<{ host: string; prefix: string[] }> = Object.entries(PREFIXES).flatMap(([host, list]) => list.split(' ').map((p) => ({ host, prefix: segments(p) })));

export function hostOf(path: string): string | undefined {
  const parts = segments(path);
  return RULES.find((r) => r.prefix.every((s, i) => parts[i] === s))?.host;
}

export const hasSandbox = (host: string): boolean => SANDBOXED.has(host);

export const originOf = (host: string, test: boolean): string => `https://${host}${test && SANDBOXED.has(host) ? '-sandbox' : ''}.wildberries.ru`;

export const ALL_ORIGINS: readonly string[] = Object.keys(PREFIXES).flatMap((h) => [originOf(h, false), ...(SANDBOXED.has(h) ? [originOf(h, true)] : [])]);

/** The table the provider hands core; `test` says whether a credential set is a test token. */
export function wbHosts(test: (token: string) => boolean): HostTable {
  return { of: hostOf, origin: (host, creds) => originOf(host, test(creds.token ?? '')), origins: ALL_ORIGINS };
}
