import { describe, expect, it } from 'vitest';
import { resolveCredentials, envCredentials, UNNAMED } from '../../src/core/credentials.js';
import { cleanField } from '../../src/core/validate.js';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';
import { MktError } from '../../src/core/errors.js';

const SECRET = 'stored-secret-0d7f3b1a9c';
const entry = { provider: 'ozon', profile: 'default', store: 'memory' as const, savedAt: '2026-01-01T00:00:00Z', ids: { clientId: '555' } };

function storedContext(env: Record<string, string> = {}) {
  const store = mapStore(new Map([['ozon:default', JSON.stringify({ clientId: '555', apiKey: SECRET })]]));
  return testContext(env, store, memoryConfig([entry]));
}

async function failure(p: Promise<unknown>): Promise<MktError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MktError);
  return err as MktError;
}

describe('credential resolution', () => {
  it('uses the stored set when the environment has none', async () => {
    const r = await resolveCredentials(storedContext(), ozon, UNNAMED);
    expect(r).toMatchObject({ source: 'memory', values: { clientId: '555', apiKey: SECRET } });
  });

  it('lets a complete env set win over the stored one', async () => {
    const r = await resolveCredentials(storedContext({ OZON_CLIENT_ID: '777', OZON_API_KEY: 'env-key' }), ozon, UNNAMED);
    expect(r).toMatchObject({ source: 'env', values: { clientId: '777', apiKey: 'env-key' } });
  });

  it('uses the stored set of a named profile even when the environment has a complete one', async () => {
    const r = await resolveCredentials(storedContext({ OZON_CLIENT_ID: '777', OZON_API_KEY: 'env-key' }), ozon, { profile: 'default', named: true });
    expect(r).toMatchObject({ source: 'memory', values: { clientId: '555', apiKey: SECRET } });
  });

  it('never answers a named profile that is not stored with the environment set, and says why', async () => {
    const err = await failure(resolveCredentials(storedContext({ OZON_CLIENT_ID: '777', OZON_API_KEY: 'env-key' }), ozon, { profile: 'shop2', named: true }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe('no credentials for ozon (profile shop2)');
    expect(err.hints.join(' ')).toMatch(/OZON_CLIENT_ID, OZON_API_KEY are set, but a named profile \(--profile, MKT_PROFILE\) never uses the environment/);
  });

  it('ignores a partial env set when a profile is named', async () => {
    const r = await resolveCredentials(storedContext({ OZON_CLIENT_ID: '777' }), ozon, { profile: 'default', named: true });
    expect(r.source).toBe('memory');
  });

  it('refuses a partial env set and names the missing variable', async () => {
    const err = await failure(resolveCredentials(storedContext({ OZON_CLIENT_ID: '777' }), ozon, UNNAMED));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^OZON_API_KEY is not set, but OZON_CLIENT_ID is/);
  });

  it('says how to log in when nothing is configured (exit 3)', async () => {
    const err = await failure(resolveCredentials(testContext(), yandex, { profile: 'shop2', named: true }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe('no credentials for yandex (profile shop2)');
    // A named profile never reads the environment: setting it is no way on.
    expect(err.hints).toEqual(['run `mkt login yandex --profile shop2`']);
    const unnamed = await failure(resolveCredentials(testContext(), yandex, UNNAMED));
    expect(unnamed.hints).toEqual(['run `mkt login yandex`, or set YANDEX_MARKET_API_KEY']);
  });

  it('names the provider\'s stored profiles when the one asked for is not among them (an agency with no default)', async () => {
    const shops = Array.from({ length: 7 }, (_, i) => ({ ...entry, provider: 'yandex', profile: `shop${i + 1}`, ids: {} }));
    const err = await failure(resolveCredentials(testContext({}, mapStore(), memoryConfig([entry, ...shops])), yandex, UNNAMED));
    expect(err.message).toBe('no credentials for yandex (profile default)');
    expect(err.hints).toEqual([
      'run `mkt login yandex`, or set YANDEX_MARKET_API_KEY',
      'stored for yandex: shop1, shop2, shop3, shop4, shop5 and 2 more; name one with --profile, or choose one with `mkt profile use yandex <profile>`',
    ]);
  });

  it('rejects env credentials with control characters without echoing them', async () => {
    const err = await failure(resolveCredentials(testContext({ YANDEX_MARKET_API_KEY: 'ACMA:x\r\nX-Evil: 1' }), yandex, UNNAMED));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/control character/);
    expect(err.message).not.toContain('X-Evil');
  });

  it('reports an index entry whose secret is gone', async () => {
    const ctx = testContext({}, mapStore(), memoryConfig([entry]));
    const err = await failure(resolveCredentials(ctx, ozon, UNNAMED));
    expect(err.exitCode).toBe(3);
  });

  it('envCredentials sorts present from missing', () => {
    expect(envCredentials(ozon, {})).toEqual({ missing: ['OZON_CLIENT_ID', 'OZON_API_KEY'], present: [] });
    expect(envCredentials(ozon, { OZON_API_KEY: 'k' }).missing).toEqual(['OZON_CLIENT_ID']);
  });
});

describe('field validation', () => {
  const [clientId, apiKey] = ozon.fields;
  it('trims values and checks the Client-Id is a positive integer', () => {
    expect(cleanField(ozon, clientId!, '  123 \n')).toBe('123');
    expect(() => cleanField(ozon, clientId!, 'abc')).toThrow(/Client-Id 'abc' is not valid: expected a positive integer/);
    expect(() => cleanField(ozon, clientId!, '0')).toThrow(/positive integer/);
    expect(() => cleanField(ozon, clientId!, '-5')).toThrow(/positive integer/);
  });
  it('does not echo a long value that fails the Client-Id check: it may be the Api-Key in the wrong field', () => {
    const key = 'sandbox-ozon-valid-3f9c1a7e-5b2d-4e8f-9a61-0c7d2b4e8f13';
    const message = (() => {
      try {
        cleanField(ozon, clientId!, key);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('accepted an Api-Key as Client-Id');
    })();
    expect(message).toBe(`ozon Client-Id is not valid: expected a positive integer, e.g. 123456; got ${key.length} characters; not shown, in case it is the Api-Key (are the two swapped?)`);
    for (let i = 0; i + 6 <= key.length; i++) expect(message).not.toContain(key.slice(i, i + 6));
    // Ids are short, and a short typo is still shown as typed.
    expect(() => cleanField(ozon, clientId!, '1234567890123456789012ab')).toThrow(/Client-Id '1234567890123456789012ab' is not valid/);
  });
  it('rejects control characters inside a secret and never shows it', () => {
    for (const bad of ['abc\ndef', 'abc\rdef', 'abc\u0000def', 'abc\tdef', 'abc\u007fdef']) {
      expect(() => cleanField(ozon, apiKey!, bad)).toThrow(/control character/);
      try {
        cleanField(ozon, apiKey!, bad);
      } catch (e) {
        expect((e as Error).message).not.toContain('abc');
      }
    }
    expect(() => cleanField(ozon, apiKey!, '   ')).toThrow(/is empty/);
  });
});
