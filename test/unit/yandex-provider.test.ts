/** The Yandex provider read as the spec and Yandex's docs describe the API (sources: docs/providers.md). */
import { describe, expect, it } from 'vitest';
import { yandex } from '../../src/providers/yandex.js';

const NOW = Date.parse('2026-11-23T13:20:00Z');
const HOUR_END = new Date('2026-11-23T14:00:00Z').toUTCString();
const oauthIdentity = yandex.verify({ token: 'y0_x' }).identity;
const error = (code: string, message: string) => ({ status: 'ERROR', errors: [{ code, message }] });

describe('yandex: credentials rejected', () => {
  it('takes 401 (every Api-Key problem) and 403 (OAuth, access) for rejected credentials, and says why in one line', () => {
    expect(yandex.classify(401, error('UNAUTHORIZED', 'Api-Key token is revoked'))).toBe('auth');
    expect(yandex.classify(403, error('FORBIDDEN', 'OAuth token is invalid'))).toBe('auth');
    expect(yandex.errorMessage(error('UNAUTHORIZED', 'Api-Key token is revoked'))).toBe('UNAUTHORIZED: Api-Key token is revoked');
  });
});

describe('yandex: the OAuth identity check (GET /v2/campaigns)', () => {
  it('reads the top-level campaigns of the spec\'s answer', () => {
    const id = oauthIdentity({ campaigns: [{ id: 1 }, { id: 2 }], paging: {} }, {}, new Date(NOW))!;
    expect(id.lines).toEqual([['token', 'OAuth (legacy)'], ['campaigns', '2']]);
    const paged = oauthIdentity({ campaigns: [{ id: 1 }], paging: { nextPageToken: 'n' } }, {}, new Date(NOW))!;
    expect(paged.lines[1]).toEqual(['campaigns', '1 (more on later pages)']);
  });

  it('does not take a {status, result} wrapper, which GET /v2/campaigns never sends, for the answer', () => {
    expect(oauthIdentity({ status: 'OK', result: { campaigns: [{ id: 1 }] } }, {}, new Date(NOW))).toBeUndefined();
  });
});

describe('yandex: pacing and 420 waits', () => {
  it('paces at most 2 requests in flight', () => {
    expect(yandex.pace.parallel).toBe(2);
  });

  it('waits an hourly 420 (nothing remaining) until X-RateLimit-Resource-Until', () => {
    const headers = { 'x-ratelimit-resource-limit': '1000', 'x-ratelimit-resource-remaining': '0', 'x-ratelimit-resource-until': HOUR_END };
    const json = error('LIMIT_EXCEEDED', "Hit rate limit of 1000 requests per hour for resource 'campaigns' for businessId 1");
    expect(yandex.rateLimit.waitMs(headers, json, NOW)).toBe(40 * 60_000);
  });

  it('backs off a parallel-requests 420 instead of waiting for the end of the hour its headers name', () => {
    const headers = { 'x-ratelimit-resource-limit': '1000', 'x-ratelimit-resource-remaining': '998', 'x-ratelimit-resource-until': HOUR_END };
    expect(yandex.rateLimit.waitMs(headers, error('LIMIT_EXCEEDED', 'Hit rate limit of 2 parallel requests for businessId 1'), NOW)).toBeUndefined();
    expect(yandex.rateLimit.waitMs({}, error('LIMIT_EXCEEDED', 'Hit rate limit of 2 parallel requests'), NOW)).toBeUndefined();
  });
});

describe('yandex: pagination', () => {
  const next = (query: string, json: unknown) => {
    const request = { query: new URLSearchParams(query), body: undefined };
    const step = yandex.paginate!.next(request, json, request);
    return step.kind === 'next' ? step.request.query.toString() : step.kind;
  };

  it('ends a page_token run at the page without nextPageToken, even when a pager comes with it', () => {
    const pager = { total: 120, from: 1, to: 50, currentPage: 1, pagesCount: 3, pageSize: 50 };
    expect(next('limit=50&page_token=t2', { campaigns: [1], pager, paging: {} })).toBe('last');
    expect(next('limit=50', { campaigns: [1], pager, paging: { nextPageToken: 't2' } })).toBe('limit=50&page_token=t2');
  });
});
