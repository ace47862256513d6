import { describe, expect, it } from 'vitest';
import { parseCredentialInput } from '../../src/core/credential-input.js';
import { ozon } from '../../src/providers/ozon.js';
import { yandex } from '../../src/providers/yandex.js';
import { ozzie } from '../../src/providers/ozzie.js';

describe('stdin credentials', () => {
  it('reads KEY=VALUE lines by env name, field key or label, with export, quotes and comments', () => {
    const text = '# ozon\nexport OZON_CLIENT_ID=123\r\nApi-Key="k=ey with = signs"\n\n';
    expect(parseCredentialInput(ozon, text)).toEqual({ clientId: '123', apiKey: 'k=ey with = signs' });
    expect(parseCredentialInput(ozzie, "clientId=ozz_1\nclient_secret='sk'")).toEqual({ clientId: 'ozz_1', clientSecret: 'sk' });
  });
  it('reads a JSON object', () => {
    expect(parseCredentialInput(ozon, '{"OZON_CLIENT_ID": 123, "apiKey": "k"}')).toEqual({ clientId: '123', apiKey: 'k' });
  });
  it('reads a secret as mkt stored it (pass show mkt/ozon/shop): the txn of its login is not a field', () => {
    expect(parseCredentialInput(ozon, '{"clientId":"123","apiKey":"k","mkt:txn":"0b7c…"}')).toEqual({ clientId: '123', apiKey: 'k' });
  });
  it('does not print a secret that parsed as a key: a bare base64 secret ends in =', () => {
    expect(() => parseCredentialInput(ozon, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP=')).toThrow(/^unknown key of 32 characters \(not shown/);
    const secret = 'c2stdGVzdF9zYW5kYm94T3p6aWVWYWxpZFNlY3JldA';
    for (const [input, where] of [[`${secret}==`, 'on stdin line 1'], [`OZON_CLIENT_ID=1\n${secret}=`, 'on stdin line 2'], [`{"${secret}==": "x"}`, 'in stdin JSON']] as const) {
      const message = (() => {
        try {
          parseCredentialInput(ozon, input);
        } catch (e) {
          return (e as Error).message;
        }
        return 'accepted';
      })();
      expect(message).toMatch(new RegExp(`^unknown key of \\d+ characters \\(not shown, in case it is a secret\\) ${where}`));
      expect(message).not.toContain(secret.slice(0, 8));
    }
  });
  it('takes a bare token for one-secret providers only', () => {
    expect(parseCredentialInput(yandex, 'ACMA:abc:def\n')).toEqual({ token: 'ACMA:abc:def' });
    expect(() => parseCredentialInput(ozon, 'just-a-key')).toThrow(/line 1 is not KEY=VALUE/);
  });
  it('names unknown keys and bad lines, never values', () => {
    expect(() => parseCredentialInput(ozon, 'OZON_CLIENT_ID=1\nNOPE=secretvalue')).toThrow(/unknown key 'NOPE' on stdin line 2/);
    try {
      parseCredentialInput(ozon, 'NOPE=secretvalue');
    } catch (e) {
      expect((e as Error).message).not.toContain('secretvalue');
    }
    for (const name of ['YANDEX_TOKEN', 'OZON_APIKEY2', 'secret_key', 'Api.Token']) {
      expect(() => parseCredentialInput(ozon, `${name}=x`)).toThrow(`unknown key '${name}' on stdin line 1`);
    }
    expect(() => parseCredentialInput(ozon, '{"token": "x"}')).toThrow("unknown key 'token' in stdin JSON");
    expect(() => parseCredentialInput(ozon, '{"OZON_CLIENT_ID": {}}')).toThrow("'OZON_CLIENT_ID' in stdin JSON must be a string");
    expect(() => parseCredentialInput(ozon, '{"apiKey": ')).toThrow(/not valid JSON/);
    expect(() => parseCredentialInput(ozon, '[1]')).toThrow(/line 1/);
    expect(() => parseCredentialInput(ozon, '  ')).toThrow(/nothing on stdin/);
  });
});
