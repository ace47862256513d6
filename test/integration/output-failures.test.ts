/**
 * Output that cannot be written is an error, never a success, and never blamed on the network:
 * the built CLI with /dev/full as its stdout (every write fails with ENOSPC, as on a full disk).
 * A reader that goes away (EPIPE) stays quiet: network-faults.test.ts, "ends quietly when the reader goes away".
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoPieceOf, expectOneLineError, type RunResult } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const env = { ...sandboxOnly, MKT_DEBUG: '1', ...VALID_CREDENTIALS_ENV };
const FULL = /^mkt: cannot write the output: no space left on device \(ENOSPC\)$/;
const skip = existsSync('/dev/full') ? false : 'no /dev/full on this system';

/** The built CLI with /dev/full as stdout; stdout is then empty by construction, stderr is read. */
function intoFullDisk(args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
  const full = openSync('/dev/full', 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env, ...extra }, stdio: ['ignore', full, 'pipe'] });
    closeSync(full);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mkt ${args.join(' ')} did not finish\n${stderr}`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: '', stderr });
    });
  });
}

function expectLostOutput(r: RunResult, code = 9): void {
  expectOneLineError(r, code, FULL);
  expect(r.stderr).not.toMatch(/internal error|connection|network/);
  for (const secret of [S.ozon.valid.apiKey, S.yandex.valid.token, S.ozzie.valid.clientSecret]) expectNoPieceOf(r, secret);
}

describe.skipIf(skip)('stdout on a full disk → exit 9, one line', () => {
  it.each([
    ['piped', []], ['--raw', ['--raw']], ['--json', ['--json']], ['--filter', ['--filter', 'roles']], ['-i', ['-i']],
  ])('call (%s)', async (_, flags) => {
    expectLostOutput(await intoFullDisk(['call', 'ozon', 'POST', '/v1/roles', ...flags]));
  });

  it.each([['pages', []], ['--items', ['--items']], ['--filter', ['--filter', 'result.items[].offer_id']]])('call --paginate (%s) stops at the first page it cannot write', async (_, flags) => {
    const r = await intoFullDisk(['call', 'ozon', 'POST', '/v3/product/list', 'limit:=1', '--paginate', '--max-pages', '5', ...flags]);
    expectLostOutput(r);
    expect(sandbox.stats.byPath['POST /ozon/v3/product/list']).toBe(1);
  });

  it('a big body streamed with --raw: the write failure, not "the connection broke" (exit 6)', async () => {
    expectLostOutput(await intoFullDisk(['call', 'ozon', 'GET', `${sandbox.url}/_sandbox/big?mb=8`, '--raw']));
  });

  it.each([['status'], ['status --json'], ['whoami'], ['whoami --json'], ['providers']])('%s', async (command) => {
    expectLostOutput(await intoFullDisk(command.split(' ')));
  });

  it('a write is sent once, and the exit code says its answer was lost', async () => {
    const r = await intoFullDisk(['call', 'ozzie', 'POST', '/v1/users', 'external_user_id=full-disk', 'name=Full Disk']);
    expectLostOutput(r);
    expect(r.stderr).toMatch(/^ {2}the command ran \(a request may have been sent/m);
    expect(sandbox.stats.byPath['POST /ozzie/v1/users']).toBe(1);
  });

  it('a command that fails on its own keeps its exit code, and says its output is lost too', async () => {
    const r = await intoFullDisk(['whoami', 'ozon'], { OZON_API_KEY: S.ozon.invalid.apiKey });
    expectLostOutput(r, 4);
    expect(r.stderr).toMatch(/^ {2}it also failed on its own: exit 4, credentials rejected; run it again/m);
  });
});
