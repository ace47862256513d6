/** The pass store's pure parts: where pass keeps things (read as pass reads them) and what gpg's status lines say. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromGpg, passError } from '../../src/store/pass-errors.js';
import { listAccounts, passName, recipients, storeDir } from '../../src/store/pass-layout.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mkt-pass-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the layout of the store', () => {
  it('is $PASSWORD_STORE_DIR, else ~/.password-store; an account is mkt/<provider>/<profile>', () => {
    expect(storeDir({ PASSWORD_STORE_DIR: '/team/store', HOME: '/home/a' })).toBe('/team/store');
    expect(storeDir({ HOME: '/home/a' })).toBe('/home/a/.password-store');
    expect(passName('ozon:ООО-рога')).toBe('mkt/ozon/ООО-рога');
  });

  it('takes the recipients of the nearest .gpg-id, comments and blank lines left out; PASSWORD_STORE_KEY wins', async () => {
    expect(await recipients({}, dir, 'ozon:default')).toBeUndefined();
    await writeFile(join(dir, '.gpg-id'), 'AAAA1111 # member A\n\n  BBBB2222\n# gone: CCCC3333\n');
    expect(await recipients({}, dir, 'ozon:default')).toEqual({ keys: ['AAAA1111', 'BBBB2222'], from: join(dir, '.gpg-id') });
    await mkdir(join(dir, 'mkt', 'ozon'), { recursive: true });
    await writeFile(join(dir, 'mkt', 'ozon', '.gpg-id'), 'DDDD4444\n');
    expect((await recipients({}, dir, 'ozon:default'))?.keys).toEqual(['DDDD4444']);
    expect((await recipients({}, dir, 'yandex:default'))?.keys).toEqual(['AAAA1111', 'BBBB2222']);
    expect(await recipients({ PASSWORD_STORE_KEY: 'EEEE5555 FFFF6666' }, dir, 'ozon:default')).toEqual({ keys: ['EEEE5555', 'FFFF6666'], from: 'PASSWORD_STORE_KEY' });
  });

  it("lists mkt's secrets by file name only: nothing but mkt/<provider>/<profile>.gpg", async () => {
    expect(await listAccounts(dir)).toEqual([]);
    await mkdir(join(dir, 'mkt', 'ozon'), { recursive: true });
    await mkdir(join(dir, 'mkt', 'yandex', 'deeper'), { recursive: true });
    await mkdir(join(dir, 'mkt', '.git'), { recursive: true });
    for (const file of ['mkt/ozon/shop2.gpg', 'mkt/ozon/.gpg-id', 'mkt/ozon/notes.txt', 'mkt/yandex/default.gpg', 'mkt/yandex/deeper/x.gpg', 'mkt/.git/y.gpg', 'other.gpg']) {
      await writeFile(join(dir, file), '');
    }
    expect(await listAccounts(dir)).toEqual(['ozon:shop2', 'yandex:default']);
  });
});

describe("gpg's status lines", () => {
  const enc = '[GNUPG:] ENC_TO 5EC56E24E23B2EF2 1 0\n[GNUPG:] ENC_TO 14D277BA54CFE4E2 18 0\n';
  const failed = '[GNUPG:] BEGIN_DECRYPTION\n[GNUPG:] DECRYPTION_FAILED\ngpg: decryption failed: No secret key\n';
  const considered = '[GNUPG:] KEY_CONSIDERED D759330F29404BEAB32BC2193FCFCADAE396FC79 0\n';

  it('tell "none of the keys is yours" from "your key is locked", though gpg says "No secret key" for both', () => {
    expect(fromGpg(enc + failed, 'ozon:default', false).reason).toBe('it is encrypted to 5EC56E24E23B2EF2, 14D277BA54CFE4E2, and you have the secret key of none of them');
    expect(fromGpg(enc + considered + failed, 'ozon:default', false).reason).toMatch(/^your key is locked/);
    expect(fromGpg(enc + considered + failed, 'ozon:default', true).reason).toBe("gpg-agent did not get your key's passphrase");
  });

  it('name the recipient and why its key cannot be used', () => {
    const inv = (reason: number) => fromGpg(`[GNUPG:] INV_RECP ${reason} b@example.test\n[GNUPG:] FAILURE encrypt 53\n`, 'ozon:default', false).reason;
    expect(inv(1)).toBe('the store is encrypted to b@example.test, whose public key is not in your keyring');
    expect(inv(4)).toBe('the store is encrypted to b@example.test, whose key cannot be used: revoked');
    expect(inv(10)).toMatch(/in your keyring but not certified/);
    expect(fromGpg('[GNUPG:] KEY_CONSIDERED AAAA 3\n[GNUPG:] INV_RECP 0 AAAA\n', 'ozon:default', false).reason).toMatch(/it is expired or revoked$/);
  });

  it("without one, say gpg's own line, else pass's", () => {
    expect(fromGpg('gpg: keyblock resource: No such file\nPassword encryption aborted.\n', 'ozon:default', false).reason).toBe('gpg: keyblock resource: No such file');
    expect(fromGpg('Error: Signature for .gpg-id is invalid.\n', 'ozon:default', false).reason).toBe('Error: Signature for .gpg-id is invalid.');
  });

  it('become a StoreError (exit 8) that never repeats the secret being written', () => {
    const error = passError('write', 'ozon:default', { reason: 'gpg: oops sk-the-secret-value', hints: ['do this'] }, 'sk-the-secret-value');
    expect(error.exitCode).toBe(8);
    expect(error.message).toBe('cannot save ozon:default in the password store: gpg: oops ***');
    expect(error.hints[0]).toBe('do this');
    expect(error.hints).toContain('or use the OS keychain: mkt login … --store keychain');
  });
});
