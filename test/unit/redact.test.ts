import { describe, expect, it } from 'vitest';
import { createRedactor, maskId, redactDeep, secretValues } from '../../src/core/redact.js';
import { ozon } from '../../src/providers/ozon.js';
import { ozzie } from '../../src/providers/ozzie.js';
import { yandex } from '../../src/providers/yandex.js';

describe('redaction by value', () => {
  it('hides secret fields but not the Client-Id', () => {
    const creds = { clientId: '123456', apiKey: 'ozon-secret-key-1' };
    const redact = createRedactor(secretValues(ozon, creds));
    expect(redact('Client-Id: 123456\nApi-Key: ozon-secret-key-1')).toBe('Client-Id: 123456\nApi-Key: ***');
  });

  it("hides Ozzie's derived base64 token too, not just the raw secret", () => {
    const creds = { clientId: 'ozz_client_1', clientSecret: 'sk_live_abcdef' };
    const token = ozzie.authorize(creds).Authorization!.slice('Bearer '.length);
    const redact = createRedactor(secretValues(ozzie, creds));
    const text = redact(`authorization: Bearer ${token}; echoed ${token}; raw sk_live_abcdef; id ozz_client_1`);
    expect(text).not.toContain(token);
    expect(text).not.toContain('sk_live_abcdef');
    expect(text).toContain('ozz_client_1');
  });

  it('hides a Yandex token wherever it appears, bearer or not', () => {
    const redact = createRedactor(secretValues(yandex, { token: 'y0_secretOauth' }));
    expect(redact('Authorization: Bearer y0_secretOauth and y0_secretOauth')).toBe('Authorization: *** and ***');
  });

  it('hides a secret with a quote or a backslash in the JSON mkt writes back out, too', () => {
    const secret = 'q"uo\\te-secret';
    const redact = createRedactor([secret]);
    expect(redact(JSON.stringify({ k: secret, other: 'x' }))).toBe('{"k":"***","other":"x"}');
    expect(redact(`raw ${secret}`)).toBe('raw ***');
  });
  it('hides a secret percent-encoded in a URL', () => {
    const token = 'ACMA:tok+en/x';
    const url = new URL('https://x.test/v2/x');
    url.searchParams.set('q', token);
    expect(createRedactor([token])(`${url.href} ${encodeURIComponent(token)}`)).toBe('https://x.test/v2/x?q=*** ***');
  });
  it('redacts every string of an identity, keys included, and keeps its shape', () => {
    const redact = createRedactor(['sekret-value']);
    const identity = { lines: [['company', 'ACME sekret-value']], data: { scopes: ['sekret-value'], n: 3, ok: true, none: null, 'sekret-value': 1 } };
    expect(redactDeep(identity, redact)).toEqual({ lines: [['company', 'ACME ***']], data: { scopes: ['***'], n: 3, ok: true, none: null, '***': 1 } });
  });
  it('masks ids to their last four characters', () => {
    expect(maskId('1002003')).toBe('••••2003');
    expect(maskId('12')).toBe('••••');
  });
});
