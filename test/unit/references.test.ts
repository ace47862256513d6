/** mkt:// references (src/core/references.ts) and env-file templates (src/core/env-file.ts), on a memory store. */
import { describe, expect, it } from 'vitest';
import { findReferences, lineOf, resolveReferences, substitute } from '../../src/core/references.js';
import { readEnvTemplate } from '../../src/core/env-file.js';
import { MktError } from '../../src/core/errors.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';

const KEY = 'f3a1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
function context(env: Record<string, string> = {}) {
  const store = mapStore(new Map([['ozon:shop2', JSON.stringify({ clientId: '123456', apiKey: KEY })]]));
  const config = memoryConfig([{ provider: 'ozon', profile: 'shop2', store: 'memory', savedAt: '2026-01-01T00:00:00Z', ids: { clientId: '123456' } }]);
  return testContext(env, store, config);
}
const where = (text: string) => lineOf('t', text);

describe('findReferences', () => {
  it('finds each reference where it ends: the field is a word', () => {
    const text = 'a=mkt://ozon/shop2/apiKey&b=mkt://ozon/ООО-рога.1/clientId.\n';
    expect(findReferences(text, where(text)).map((r) => [r.text, r.provider, r.profile, r.field])).toEqual([
      ['mkt://ozon/shop2/apiKey', 'ozon', 'shop2', 'apiKey'],
      ['mkt://ozon/ООО-рога.1/clientId', 'ozon', 'ООО-рога.1', 'clientId'],
    ]);
  });
  it('a malformed one is an error with its line, not text left in', () => {
    const text = 'ok\nx: mkt://ozon/apiKey\n';
    expect(() => findReferences(text, where(text))).toThrow(/^t line 2: 'mkt:\/\/ozon\/apiKey' is not a reference/);
  });
  it('a part that reads as a key is described, not quoted', () => {
    const text = 'mkt://ozon/shop2/Xy7Kp2Qm9Zr4Tn8Lw3Vb6';
    const refs = findReferences(`${text}-`, where(text));
    expect(refs).toHaveLength(1);
    const bad = 'mkt://ozon/Xy7Kp2Qm9Zr4Tn8Lw3Vb6';
    expect(() => findReferences(bad, where(bad))).toThrow(/a reference \(\d+ characters, not shown in case it is a key\) is not a reference/);
  });
});

describe('resolveReferences', () => {
  it('fills in the stored values, never the environment\'s', async () => {
    const text = 'id=mkt://ozon/shop2/clientId key=mkt://ozon/shop2/OZON_API_KEY again=mkt://ozon/shop2/apiKey';
    const refs = findReferences(text, where(text));
    const { values, providers } = await resolveReferences(context({ OZON_CLIENT_ID: '999', OZON_API_KEY: 'env-key' }), refs, where(text));
    expect(substitute(text, refs, values)).toBe(`id=123456 key=${KEY} again=${KEY}`);
    expect(providers).toEqual(['ozon']);
  });
  it.each([
    ['mkt://ozon/shop9/apiKey', 3, /^t line 1: 'mkt:\/\/ozon\/shop9\/apiKey': no credentials for ozon \(profile shop9\)$/],
    ['mkt://ozon/shop2/token', 2, /ozon has no field 'token' \(its fields: clientId, apiKey\)$/],
    ['mkt://nope/shop2/token', 2, /unknown provider 'nope'/],
  ])('%s: exit %i', async (text, code, message) => {
    const error = await resolveReferences(context(), findReferences(text, where(text)), where(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MktError);
    expect((error as MktError).exitCode).toBe(code);
    expect((error as MktError).message).toMatch(message);
  });
});

describe('readEnvTemplate', () => {
  it('reads dotenv lines: export, quotes, comments; references in values', async () => {
    const text = '\uFEFF# c\nexport A="mkt://ozon/shop2/apiKey" # k\nB=\'x # y\'\nC=plain # comment\n\nD = mkt://ozon/shop2/clientId\n';
    const t = await readEnvTemplate(context(), 'f', text);
    expect(t.vars).toEqual({ A: KEY, B: 'x # y', C: 'plain', D: '123456' });
    expect(t.providers).toEqual(['ozon']);
    expect(t.plain).toEqual([]);
  });
  it('errors name the line', async () => {
    await expect(readEnvTemplate(context(), 'f', 'A=1\nnot a line\n')).rejects.toThrow(/^f line 2 is not NAME=VALUE$/);
    await expect(readEnvTemplate(context(), 'f', 'Api-Key=1\n')).rejects.toThrow(/^f line 1: a variable's name is letters/);
    await expect(readEnvTemplate(context(), 'f', 'A="x" y\n')).rejects.toThrow(/^f line 1: text after the closing quote$/);
    await expect(readEnvTemplate(context(), 'f', 'A=1\nB=mkt://ozon/shop3/apiKey\n')).rejects.toThrow(/^f line 2: 'mkt:\/\/ozon\/shop3\/apiKey': no credentials/);
  });
  it('a value that reads as a key and is no reference is named (not shown)', async () => {
    const t = await readEnvTemplate(context(), 'f', `A=1\nOZON_API_KEY=${KEY}\n`);
    expect(t.plain).toEqual(['f line 2 (OZON_API_KEY)']);
  });
});
