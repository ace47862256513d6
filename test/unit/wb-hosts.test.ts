import { describe, expect, it } from 'vitest';
import { ALL_ORIGINS, CATEGORIES, hostOf, originOf } from '../../src/providers/wb-hosts.js';

/**
 * Paths of WB's own OpenAPI files with the host their `servers` name (a sample of every host, from
 * the 2025-12 copy in eslazarev/wildberries-sdk `specs/` and the 2026-08 copy in MissiaL/wildberries-api
 * `assets/openapi/`), including the pairs that share leading segments.
 */
const SPEC_PATHS: Array<[string, string]> = [
  ['/ping', 'common-api'],
  ['/api/v1/seller-info', 'common-api'],
  ['/api/communications/v2/news', 'common-api'],
  ['/api/v1/tariffs/box', 'common-api'],
  ['/api/tariffs/v1/acceptance/coefficients', 'common-api'],
  ['/api/common/v1/subscriptions', 'common-api'],
  ['/api/common/v1/rating', 'feedbacks-api'],
  ['/content/v2/get/cards/list', 'content-api'],
  ['/content/v3/media/save', 'content-api'],
  ['/api/content/v1/brands', 'content-api'],
  ['/api/v2/list/goods/filter', 'discounts-prices-api'],
  ['/api/v2/upload/task', 'discounts-prices-api'],
  ['/api/v1/calendar/promotions', 'dp-calendar-api'],
  ['/api/v3/orders/new', 'marketplace-api'],
  ['/api/v3/warehouses', 'marketplace-api'],
  ['/api/v3/stocks/{warehouseId}', 'marketplace-api'],
  ['/api/marketplace/v3/orders/meta', 'marketplace-api'],
  ['/api/v1/warehouses', 'supplies-api'],
  ['/api/v1/supplies', 'supplies-api'],
  ['/api/v1/supplier/sales', 'statistics-api'],
  ['/api/v5/supplier/reportDetailByPeriod', 'statistics-api'],
  ['/adv/v1/promotion/count', 'advert-api'],
  ['/adv/v2/fullstats', 'advert-api'],
  ['/adv/v0/normquery/stats', 'advert-api'],
  ['/api/advert/v2/adverts', 'advert-api'],
  ['/adv/v1/count', 'advert-media-api'],
  ['/adv/v1/advert', 'advert-media-api'],
  ['/adv/v1/adverts', 'advert-media-api'],
  ['/api/v1/feedbacks', 'feedbacks-api'],
  ['/api/v1/questions/count', 'feedbacks-api'],
  ['/api/v1/seller/chats', 'buyer-chat-api'],
  ['/api/v1/seller/download/{id}', 'buyer-chat-api'],
  ['/api/v1/claims', 'returns-api'],
  ['/api/v1/documents/list', 'documents-api'],
  ['/api/v1/account/balance', 'finance-api'],
  ['/api/v1/users', 'user-management-api'],
  ['/api/v1/invite', 'user-management-api'],
  ['/api/v1/analytics/excise-report', 'seller-analytics-api'],
  ['/api/v2/nm-report/downloads', 'seller-analytics-api'],
  ['/api/analytics/v3/sales-funnel/products', 'seller-analytics-api'],
  ['/api/v1/paid_storage', 'seller-analytics-api'],
];

describe('Wildberries: the host of a path', () => {
  it.each(SPEC_PATHS)('%s → %s', (path, host) => {
    expect(hostOf(path)).toBe(host);
    expect(hostOf(`${path}?limit=10`)).toBe(host);
  });

  it('matches whole segments: /api/v1/seller-info is not under /api/v1/seller', () => {
    expect(hostOf('/api/v1/seller-info')).toBe('common-api');
    expect(hostOf('/api/v1/seller/chats')).toBe('buyer-chat-api');
    expect(hostOf('/api/v1/sellerx')).toBeUndefined();
    expect(hostOf('/api/v1/users')).toBe('user-management-api');
    expect(hostOf('/api/v1/userz')).toBeUndefined();
  });

  it('knows no host for a path none of WB\'s specs has', () => {
    for (const path of ['/', '', '/api', '/api/v1', '/api/v4/orders', '/v1/roles', '/nope']) expect(hostOf(path), path).toBeUndefined();
  });

  it('sends a test token to the -sandbox twin where WB has one, and the others to production', () => {
    expect(originOf('content-api', true)).toBe('https://content-api-sandbox.wildberries.ru');
    expect(originOf('content-api', false)).toBe('https://content-api.wildberries.ru');
    expect(originOf('seller-analytics-api', true)).toBe('https://seller-analytics-api.wildberries.ru');
    expect(ALL_ORIGINS).toContain('https://marketplace-api-sandbox.wildberries.ru');
    expect(ALL_ORIGINS.every((o) => /^https:\/\/[a-z-]+\.wildberries\.ru$/.test(o))).toBe(true);
  });

  it('pings every category on a host that has paths of its own', () => {
    for (const c of CATEGORIES) expect(ALL_ORIGINS, c.name).toContain(originOf(c.host, false));
  });
});
