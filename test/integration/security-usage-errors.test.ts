/**
 * Issue 11, "Keys printed": a key given where an option, argument or profile name was expected, a
 * key echoed by a server in a field mkt cuts, an id variable holding the secret, a secret on stdin
 * that parses as a key name. The built CLI never shows the key, nor any 8-character piece of it.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoPieceOf, expectOneLineError, runMkt, tempHome, type RunResult } from '../helpers/cli.js';
import { json, OZON, OZZIE, recordingOrigins } from '../helpers/recording-origins.js';

const { home, api, mkt } = await recordingOrigins();

/** A key no variable of the environment holds: mkt can only tell it by its look. */
const KEY = 'sk_live_9fQ2xLmP7vTz4RkW8nYb3HcD';
/** Ozon's keys are UUIDs. */
const UUID_KEY = '3f2c1a9e-7b4d-4c1e-9a8f-0b6d5e4c3a21';

/** mkt with no credentials in the environment and nothing stored. */
const bare = (args: string[], env: Record<string, string> = {}, input?: string): Promise<RunResult> =>
  runMkt(args, { env: { ...home.env, ...env }, input });

describe('a key where an option or an argument was expected is described, not quoted', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['--api-key=<key>', ['--api-key=KEY', 'status'], /^mkt: unknown option '--api-key=…' \(value not shown\)$/],
    ['--token=<key> after the command', ['status', '--token=KEY'], /unknown option '--token=…' \(value not shown\)/],
    ['--client-secret=<key>', ['whoami', '--client-secret=KEY'], /unknown option '--client-secret=…' \(value not shown\)/],
    ['--timeout <key>', ['call', 'ozon', 'POST', '/v1/roles', '--timeout', 'KEY'], /--timeout must be .*; not \(32 characters, not shown in case it is a key\)/],
    ['--retries=<key>', ['call', 'ozon', '/v1/roles', '--retries=KEY'], /--retries must be .*not shown in case it is a key/],
    ['headers --format <key>', ['headers', 'ozon', '--format', 'KEY'], /unknown format \(32 characters, not shown in case it is a key\)/],
    ['--store <key> (commander checks the choice)', ['login', 'ozon', '--store', 'KEY'], /option '--store <kind>' argument \(32 characters, not shown.*\) is invalid/],
    ['an unknown command', ['KEY'], /^mkt: unknown command \(32 characters, not shown in case it is a key\)$/],
    ['help <key>', ['help', 'KEY'], /unknown command \(32 characters/],
    ['an unknown provider', ['whoami', 'KEY', '--json'], /unknown provider \(32 characters, not shown in case it is a key\)/],
    ['an unknown short option glued to the key', ['status', `-x${'KEY'}`], /unknown option \(34 characters/],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    for (const key of [KEY, UUID_KEY]) {
      const r = await bare(args.map((a) => a.replace('KEY', key)));
      expectOneLineError(r, 2, key === KEY ? message : /^mkt: /);
      expectNoPieceOf(r, key);
    }
  });

  it('a misspelt option with a key as its value: "Did you mean" found by the name, without the value', async () => {
    for (const args of [['--profil=KEY', 'status'], ['call', 'ozon', '/v1/roles', '--retrie=KEY']]) {
      const r = await bare(args.map((a) => a.replace('KEY', KEY)));
      expectOneLineError(r, 2, /^mkt: unknown option '--(profil|retrie)=…' \(value not shown\)$/);
      expect(r.stderr).toMatch(/^ {2}\(Did you mean --(profile|retries)\?\)$/m);
      expectNoPieceOf(r, KEY);
    }
  });

  it('an option named like a secret hides even a short value', async () => {
    const r = await bare(['status', '--password=hunter2-x']);
    expectOneLineError(r, 2, /unknown option '--password=…' \(value not shown\)/);
    expectNoPieceOf(r, 'hunter2-x', 4);
  });

  it('a mistyped option or command without a key is still quoted, with its suggestion', async () => {
    expectOneLineError(await bare(['status', '--jsn']), 2, /^mkt: unknown option '--jsn'$/);
    const r = await bare(['statu']);
    expectOneLineError(r, 2, /^mkt: unknown command 'statu'$/);
    expect(r.stderr).toContain('(Did you mean status?)');
  });
});

describe('the environment\'s secrets are known before argv is parsed', () => {
  // Reads as words, so only knowing the variable's value can hide it.
  const PLAIN_SECRET = 'correct-horse-battery-staple';

  it.each([
    ['an unknown command', ['PLAIN']],
    ['an unknown option', ['status', '--api-ke=PLAIN']],
    ['an unknown option without a value', ['status', '--PLAIN']],
    ['an unknown provider', ['whoami', 'PLAIN']],
  ])('%s holding OZON_API_KEY, or a partial Ozzie set\'s secret, is redacted', async (_name, args) => {
    const envs: Array<Record<string, string>> = [{ OZON_CLIENT_ID: '100200', OZON_API_KEY: PLAIN_SECRET }, { OZZIE_CLIENT_SECRET: PLAIN_SECRET }];
    for (const env of envs) {
      const r = await bare(args.map((a) => a.replace('PLAIN', PLAIN_SECRET)), env);
      expectOneLineError(r, 2, /^mkt: /);
      expectNoPieceOf(r, PLAIN_SECRET);
    }
  });

  it('a profile name holding a secret of the environment is refused', async () => {
    const r = await bare(['status', '--json'], { OZON_CLIENT_ID: '100200', OZON_API_KEY: PLAIN_SECRET, MKT_PROFILE: PLAIN_SECRET });
    expectOneLineError(r, 2, /^mkt: profile name \(28 characters, not shown in case it is a key\) holds the value of a credential variable/);
    expect(r.stdout).toBe('');
    expectNoPieceOf(r, PLAIN_SECRET);
  });
});

describe('a profile name that looks like a key is refused as it is parsed', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['-p <key> status', ['-p', KEY, 'status'], {}],
    ['--profile=<key> status --json', [`--profile=${KEY}`, 'status', '--json'], {}],
    ['-p <key> whoami --json', ['-p', KEY, 'whoami', '--json'], {}],
    ['MKT_PROFILE=<key> status --json', ['status', '--json'], { MKT_PROFILE: KEY }],
    ['MKT_PROFILE=<key> whoami ozon', ['whoami', 'ozon'], { MKT_PROFILE: KEY }],
    ['MKT_PROFILE=<uuid key> status', ['status'], { MKT_PROFILE: UUID_KEY }],
  ])('%s: exit 2, described, nothing else printed', async (_name, args, env) => {
    // With credentials in the environment, status and whoami would print the profile on every row.
    const r = await bare(args, { OZON_CLIENT_ID: '100200', OZON_API_KEY: OZON.apiKey, OZON_API_URL: api.url, ...env });
    expectOneLineError(r, 2, /^mkt: profile name \(\d+ characters, not shown in case it is a key\) looks like a key, not a name/);
    expect(r.stdout).toBe('');
    expectNoPieceOf(r, env.MKT_PROFILE ?? KEY);
    expect(api.hits).toEqual([]);
  });

  it.each(['shop2', 'my-shop_1', 'ООО-рога', 'production-eu-west-1', 'shop.2024-12'])('%s is a profile name', async (profile) => {
    const r = await bare(['whoami', 'ozon', '-p', profile]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(`no credentials for ozon (profile ${profile})`);
  });

  it('a name typed decomposed (NFD) is the same profile as composed (NFC)', async () => {
    const r = await bare(['whoami', 'ozon', '-p', 'мой-магазин'.normalize('NFD')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(`(profile ${'мой-магазин'.normalize('NFC')})`);
  });

  it.each(['bad name', 'a?', '-shop', "o'neil"])('%j is refused with the allowed shape', async (profile) => {
    expectOneLineError(await bare(['status', '-p', profile]), 2, /invalid profile name .*: use letters, digits, '\.', '_' or '-'/);
  });
});

describe('a key echoed in expires_at is redacted before the date is cut', () => {
  // The text form cut the date to 10 characters first; --json (never cut) guards the same answer.
  it.each([[[] as string[]], [['--json']]])('whoami ozon %j', async (flags) => {
    api.handle((req, res) => {
      if (req.url === '/v1/roles') return json(res, 200, { expires_at: `(${OZON.apiKey}) 2030-01-01`, roles: [{ name: 'Admin' }] });
      json(res, 200, { company: { name: `shop ${OZON.apiKey}` } });
    });
    const r = await mkt(['whoami', 'ozon', ...flags]);
    expect(r.code, r.stderr).toBe(0);
    expectNoPieceOf(r, OZON.apiKey);
    expect(r.stdout).toContain('***');
  });
});

describe('an id that fails its shape shows no part of itself in status', () => {
  // Searched for in pieces of 4, the masked tail's length: none of them is a word status prints.
  const SECRET = 'sk_live_Qw7Rt2Yp9Lx4Vb8N3Hm6';
  const swapped = { OZZIE_CLIENT_ID: SECRET, OZZIE_CLIENT_SECRET: OZZIE.clientId };

  it.each([[[] as string[]], [['--json']]])('OZZIE_CLIENT_ID and OZZIE_CLIENT_SECRET swapped: status %j', async (flags) => {
    const r = await bare(['status', ...flags], swapped);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(not valid, not shown)');
    expectNoPieceOf(r, SECRET, 4);
  });

  it('a right Ozzie client_id is still shown masked', async () => {
    const r = await bare(['status', '--json'], { OZZIE_CLIENT_ID: OZZIE.clientId, OZZIE_CLIENT_SECRET: OZZIE.clientSecret });
    expect(JSON.parse(r.stdout)[0].ids).toEqual({ client_id: `••••${OZZIE.clientId.slice(-4)}` });
  });

  it('a stored profile whose index holds a secret as its id (an older mkt, a hand edit)', async () => {
    const own = tempHome();
    try {
      mkdirSync(own.env.MKT_CONFIG_DIR!, { recursive: true });
      const entry = (provider: string, ids: Record<string, string>) => ({ provider, profile: 'shop2', store: 'keychain', savedAt: '2026-01-01T00:00:00Z', ids });
      const profiles = {
        'ozzie:shop2': entry('ozzie', { clientId: SECRET }),
        'ozon:shop2': entry('ozon', { clientId: KEY }),
      };
      writeFileSync(join(own.env.MKT_CONFIG_DIR!, 'config.json'), JSON.stringify({ version: 1, profiles }));
      for (const flags of [[], ['--json']]) {
        const r = await runMkt(['status', ...flags], { env: own.env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('(not valid, not shown)');
        expectNoPieceOf(r, SECRET, 4);
        expectNoPieceOf(r, KEY, 4);
      }
    } finally {
      own.cleanup();
    }
  });

  it('login refuses a swapped pair without showing the secret', async () => {
    const r = await bare(['login', 'ozzie', '--stdin', '--no-verify'], {}, `OZZIE_CLIENT_ID=${SECRET}\nOZZIE_CLIENT_SECRET=${OZZIE.clientId}\n`);
    expectOneLineError(r, 2, /ozzie client_id is not valid: expected ozz_client_/);
    expectNoPieceOf(r, SECRET);
  });
});

describe('a secret on stdin that parses as KEY= is not quoted as a key name', () => {
  // All letters, base64 padding at the end: `<secret>=` reads as a key with an empty value.
  const LETTERS_SECRET = 'KqWzLmNbVcXrTyPsDfGhJkLa';

  it.each([
    ['ozon, on a line of its own', 'ozon', `OZON_CLIENT_ID=100200\n${LETTERS_SECRET}=\n`],
    ['yandex, the only line', 'yandex', `${LETTERS_SECRET}==\n`],
    ['ozzie, as a JSON key', 'ozzie', `{"${LETTERS_SECRET}": "x"}`],
  ])('%s', async (_name, provider, input) => {
    const r = await bare(['login', provider, '--stdin', '--no-verify'], {}, input);
    expectOneLineError(r, 2, /unknown key of \d+ characters \(not shown, in case it is a secret\)/);
    expectNoPieceOf(r, LETTERS_SECRET);
  });

  it('a key name typed by a person is still quoted', async () => {
    const r = await bare(['login', 'ozon', '--stdin', '--no-verify'], {}, 'OZON_CLIENT_ID=100200\nApi_Token=x\n');
    expectOneLineError(r, 2, /unknown key 'Api_Token' on stdin line 2/);
  });
});
