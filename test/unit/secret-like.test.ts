import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { describeHidden, isSecretOptionName, looksLikeSecret } from '../../src/core/secret-like.js';
import { holdsSecretLike, quote } from '../../src/core/quote.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';

describe('what reads as a key (core/secret-like.ts)', () => {
  it.each([
    'sk_live_9fQ2xLmP7vTz4RkW8nYb3HcD', '3f2c1a9e-7b4d-4c1e-9a8f-0b6d5e4c3a21', 'KqWzLmNbVcXrTyPsDfGhJkLa',
    S.ozon.valid.apiKey, S.yandex.valid.token, S.yandex.oauth.token, S.ozzie.valid.clientSecret,
    'abcdefghijklmnopqrstuvwxyzabcdef', // 32 letters without a separator
  ])('%s reads as a key', (value) => expect(looksLikeSecret(value)).toBe(true));

  it.each([
    'shop2', 'my-shop_1', 'ООО-рога', 'production-eu-west-1', 'shop2-2024-12-01-backup', 'MyShopMoscowSouthWest',
    'myShopNumber2InMoscow', 'MY_SHOP_MOSCOW_SOUTH', 'OZON_API_KEY_FOR_TESTING_2024', 'ИнтернетМагазинНомерОдин',
    '1234567890123456789', '1'.repeat(400), 'result.items[].offer_id', '/v3/product/list', 'application/json', 'sk_live_x',
  ])('%s reads as a word', (value) => expect(looksLikeSecret(value)).toBe(false));

  it('random keys of 16 characters or more read as keys nearly always', () => {
    // Deterministic pseudo-random bytes: the same 400 keys of each kind on every run.
    const bytes = (i: number) => createHash('sha256').update(`key ${i}`).digest();
    const uuid = (b: Buffer) => b.toString('hex', 0, 16).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    const kinds = [(b: Buffer) => b.toString('base64', 0, 12), (b: Buffer) => b.toString('hex', 0, 16), uuid, (b: Buffer) => b.toString('base64url', 0, 15)];
    for (const make of kinds) {
      const hits = Array.from({ length: 400 }, (_, i) => make(bytes(i))).filter(looksLikeSecret).length;
      expect(hits).toBeGreaterThan(380);
    }
  });

  it('names options whose value is a secret', () => {
    for (const name of ['--api-key', '--token', '--client-secret', '--password', '--passphrase', '--auth']) expect(isSecretOptionName(name)).toBe(true);
    for (const name of ['--profile', '--timeout', '--format', '--retries']) expect(isSecretOptionName(name)).toBe(false);
  });

  it('quote() describes a value with a piece that reads as a key, and quotes the rest', () => {
    expect(quote('sk_live_9fQ2xLmP7vTz4RkW8nYb3HcD')).toBe(describeHidden('sk_live_9fQ2xLmP7vTz4RkW8nYb3HcD'));
    expect(quote('Api-Key: 3f2c1a9e-7b4d-4c1e-9a8f-0b6d5e4c3a21')).toBe('(45 characters, not shown in case it is a key)');
    expect(holdsSecretLike('token=KqWzLmNbVcXrTyPsDfGhJkLa')).toBe(true);
    expect(quote('curls')).toBe("'curls'");
  });
});
