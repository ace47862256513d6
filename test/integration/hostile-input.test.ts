/**
 * Hostile input through the built CLI: body files that never end or never open (/dev/zero, a FIFO),
 * files past the size limit, and JSON nested thousands deep, in a request or in an answer (every
 * output mode: --json, --filter, --paginate, pretty on a terminal; whoami and login). Each gets its
 * documented exit code and one line saying why — never "Maximum call stack size exceeded", never a hang.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, expectNoPieceOf, expectOneLineError, runMkt, type RunResult } from '../helpers/cli.js';
import { deepJson } from '../helpers/hostile-server.mjs';
import { useHostileServer } from '../helpers/hostile.js';
import { runOnTerminal, hasScript } from '../helpers/script-terminal.js';
import { json, OZON, recordingOrigins, SECRETS } from '../helpers/recording-origins.js';

const { api, envFor, call } = await recordingOrigins();

const hostile = useHostileServer();

// Not mkdtemp: its random suffix can make the path read as a key, and the errors then describe it
// (`(31 characters, not shown in case it is a key)`) instead of quoting it, as these tests expect.
const dir = join(tmpdir(), `mkt-hostile-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEEP = deepJson(5000);
const TOO_DEEP = /nested deeper than 1000 levels/;

// ---------------------------------------------------------------------------------------------
describe('@file and -d @file read regular files only, up to 16 MB (exit 2, nothing sent)', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 16 * 1024 * 1024 + 1); // sparse: 16 MB + 1 byte of NULs, on record and when read

  const cases: Array<[string, string[], RegExp]> = [
    ['a=@/dev/zero', ['a=@/dev/zero'], /^mkt: request item 'a=@\/dev\/zero': cannot read '\/dev\/zero': not a regular file \(a character device\); @file reads regular files only$/],
    ['a:=@/dev/zero', ['a:=@/dev/zero'], /^mkt: request item 'a:=@\/dev\/zero': cannot read '\/dev\/zero': not a regular file \(a character device\)/],
    ['-d @/dev/zero', ['-d', '@/dev/zero'], /^mkt: -d @\/dev\/zero: cannot read the file: not a regular file \(a character device\)/],
    ['a=@fifo (no writer: must not block)', [`a=@${fifo}`], /cannot read '.*fifo': not a regular file \(a FIFO\); @file reads regular files only$/],
    ['-d @fifo', ['-d', `@${fifo}`], /-d @.*fifo: cannot read the file: not a regular file \(a FIFO\)/],
    ['a=@directory', [`a=@${dir}`], /not a regular file \(a directory\)/],
    ['a=@file past 16 MB', [`a=@${big}`], /cannot read '.*big\.json': larger than 16 MB, the limit for @file; --input streams a body of any size$/],
    ['-d @file past 16 MB', ['-d', `@${big}`], /-d @.*big\.json: cannot read the file: larger than 16 MB/],
  ];
  it.each(cases)('%s', async (_name, args, pattern) => {
    const r = await call(['ozon', 'POST', '/v1/product/import', ...args]);
    expectOneLineError(r, 2, pattern);
    expect(api.hits).toHaveLength(0);
  });

  it('-d - stops reading stdin past 16 MB: from /dev/zero, and a valid body just past the limit', async () => {
    const zero = await runWithStdinFrom('/dev/zero', ['call', 'ozon', 'POST', '/v1/product/import', '-d', '-']);
    expectOneLineError(zero, 2, /^mkt: -d -: cannot read stdin: larger than 16 MB, the limit for -d -; --input streams a body of any size$/);
    const padded = await runMkt(['call', 'ozon', 'POST', '/v1/product/import', '-d', '-'], { env: envFor(), input: `${' '.repeat(16 * 1024 * 1024)}{}` });
    expectOneLineError(padded, 2, /-d -: cannot read stdin: larger than 16 MB/);
    expect(api.hits).toHaveLength(0);
  });

  it('--input opens only a regular file (checked on the opened descriptor), and streams one of any size', async () => {
    expectOneLineError(await call(['ozon', 'POST', '/x', '--input', fifo]), 2, /^mkt: --input .*fifo: cannot read the file: not a regular file \(a FIFO\); --input reads regular files only$/);
    expectOneLineError(await call(['ozon', 'POST', '/x', '--input', '/dev/zero']), 2, /not a regular file \(a character device\)/);
    const r = await call(['ozon', 'POST', '/v1/product/import', '--input', big, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits[0]!.body.length).toBe(16 * 1024 * 1024 + 1);
  });

  it('a regular file under the limit still works, for text and for JSON', async () => {
    const file = join(dir, 'item.json');
    writeFileSync(file, '{"offer_id":"A-1"}');
    const r = await call(['ozon', 'POST', '/v1/product/import', `raw=@${file}`, `parsed:=@${file}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(api.hits[0]!.body)).toEqual({ raw: '{"offer_id":"A-1"}', parsed: { offer_id: 'A-1' } });
  });
});

/** mkt with its stdin read from a file or device (runMkt pipes a string). Killed after 20 s. */
function runWithStdinFrom(path: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const fd = openSync(path, 'r');
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...envFor() }, stdio: [fd, 'pipe', 'pipe'] });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`mkt did not finish in 20 s\n${stderr}`)); }, 20_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// ---------------------------------------------------------------------------------------------
describe('JSON nested past 1,000 levels in a request body → exit 2, nothing sent', () => {
  const deepFile = join(dir, 'deep.json');
  writeFileSync(deepFile, DEEP);
  const deepPath = `a${'[b]'.repeat(5000)}=1`;
  it.each([
    ['a:=<deep>', ['POST', '/x', `a:=${DEEP}`], /^mkt: request item 'a:=\[\[\[.*…': the JSON is nested deeper than 1000 levels$/],
    ['a:=@deep.json', ['POST', '/x', `a:=@${deepFile}`], /^mkt: request item 'a:=@.*deep\.json': the JSON is nested deeper than 1000 levels$/],
    ['a[b][b]…=1 (the field path)', ['POST', '/x', deepPath], /^mkt: request items build a body nested deeper than 1000 levels/],
    ['-d <deep>', ['POST', '/x', '-d', DEEP], /^mkt: -d is nested deeper than 1000 levels; use --input to send a body as it is$/],
    ['-d @deep.json', ['POST', '/x', '-d', `@${deepFile}`], /^mkt: -d is nested deeper than 1000 levels/],
    ['-d <deep> --paginate', ['/v3/product/list', '-d', DEEP, '--paginate'], /^mkt: -d is nested deeper than 1000 levels/],
  ])('%s', async (_name, args, pattern) => {
    expectOneLineError(await call(['ozon', ...args]), 2, pattern);
    expect(api.hits).toHaveLength(0);
  });

  it('1,000 levels are still sent', async () => {
    const r = await call(['ozon', 'POST', '/x', `a:=${deepJson(999)}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(api.hits[0]!.body).toBe(`{"a":${deepJson(999)}}`);
  });
});

// ---------------------------------------------------------------------------------------------
describe('an answer nested past 1,000 levels → exit 7 saying so, in every mode that reads it', () => {
  const onDeep = (args: string[]) => runMkt(args, { env: { ...envFor(`${hostile.url}/deep-json`), MKT_DEBUG: '1', MKT_PASSPHRASE: 'test-passphrase' } });

  it.each([
    ['--json', ['--json']],
    ['--filter', ['--filter', 'result.items']],
    ['-i --json', ['-i', '--json']],
  ])('call %s', async (_name, flags) => {
    const r = await onDeep(['call', 'ozon', 'POST', '/v1/x', ...flags]);
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/^mkt: ozon: POST \/deep-json\/v1\/x → 200: the answer is nested deeper than 1000 levels; --raw passes it through as it is$/m);
    expect(r.stderr).not.toMatch(/internal error|call stack/);
  });

  it('call --paginate (pages and --items)', async () => {
    for (const flags of [[], ['--items']]) {
      expectOneLineError(await onDeep(['call', 'ozon', '/v3/product/list', '--paginate', ...flags]), 7, /→ 200: page 1 is nested deeper than 1000 levels$/);
    }
  });

  it('piped without --json it is passed through as it came (nothing walks it), and --raw too', async () => {
    for (const flags of [[], ['--raw']]) {
      const r = await onDeep(['call', 'ozon', 'POST', '/v1/x', ...flags]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(DEEP);
    }
  });

  it('whoami (every provider, also --json) and login', async () => {
    for (const provider of ['ozon', 'yandex', 'ozzie']) {
      for (const flags of [[], ['--json']]) {
        const r = await onDeep(['whoami', provider, ...flags]);
        expect(r.code, r.stdout + r.stderr).toBe(7);
        expect(r.stdout + r.stderr).toMatch(TOO_DEEP);
        expect(r.stdout + r.stderr).not.toMatch(/internal error|call stack/);
      }
    }
    const login = await runMkt(['login', 'ozon', '--stdin', '--store', 'file'], {
      env: { ...envFor(`${hostile.url}/deep-json`), MKT_PASSPHRASE: 'test-passphrase' },
      input: `OZON_CLIENT_ID=${OZON.clientId}\nOZON_API_KEY=${OZON.apiKey}\n`,
    });
    expectOneLineError(login, 7, /POST \/deep-json\/v1\/roles → 200: the answer is nested deeper than 1000 levels$/);
    for (const s of SECRETS) expectNoPieceOf(login, s);
  });

  it.skipIf(!hasScript)('pretty-printed on a terminal, with and without colour', async () => {
    for (const extra of [{}, { FORCE_COLOR: '1' }] as Array<Record<string, string>>) {
      const r = await runOnTerminal(['call', 'ozon', 'POST', '/v1/x'], { ...envFor(`${hostile.url}/deep-json`), ...extra });
      expect(r.code, r.stdout).toBe(7);
      expect(r.stdout).toMatch(/mkt: ozon: POST \/deep-json\/v1\/x → 200: the answer is nested deeper than 1000 levels/);
      expect(r.stdout).not.toMatch(/internal error|call stack/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('a huge string on a terminal', () => {
  it.skipIf(!hasScript)('is pretty-printed in colour (the colouring overflowed past ~8.4 M characters)', async () => {
    api.handle((_req, res) => json(res, 200, { big: `${'x'.repeat(10_000_000)}"\\` }));
    const r = await runOnTerminal(['call', 'ozon', 'POST', '/v1/x'], { ...envFor(), FORCE_COLOR: '1' }, 60_000);
    expect(r.code, r.stdout.slice(-500)).toBe(0);
    expect(r.stderr).toContain(`"big"\u001b[39m: \u001b[32m"${'x'.repeat(1000)}`);
    expect(r.stdout).toContain(`${'x'.repeat(1000)}\\"\\\\"`);
    expect(r.stdout).not.toMatch(/internal error|call stack/);
  }, 90_000);
});
