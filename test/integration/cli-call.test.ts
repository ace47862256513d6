import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoSecret, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { sandbox, home, env: sandboxOnly } = await sandboxForFile({ products: 2500, campaigns: 120 }, { resetBeforeEach: true });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };

const SECRETS = () => [S.ozon.valid.apiKey, S.yandex.valid.token, S.ozzie.valid.clientSecret, Buffer.from(`${S.ozzie.valid.clientId}:${S.ozzie.valid.clientSecret}`).toString('base64')];
const call = (args: string[], input?: string) => runMkt(['call', ...args], { env, input });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

describe('mkt call', () => {
  it('passes a piped body through byte for byte', async () => {
    const r = await call(['ozon', 'POST', '/v1/seller/info']);
    expect(r.code, r.stderr).toBe(0);
    const direct = await fetch(`${sandbox.baseUrls.ozon}/v1/seller/info`, { method: 'POST', headers: { 'Client-Id': S.ozon.valid.clientId, 'Api-Key': S.ozon.valid.apiKey }, body: '{}' });
    expect(r.stdout).toBe(await direct.text());
    expectNoSecret(r, ...SECRETS());
  });

  it('builds a JSON body from items and POSTs when a body is given', async () => {
    const r = await call(['ozzie', '/v1/users', 'external_user_id=u-42', 'name=Alex Johnson', 'language=en', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ object: 'user', data: { external_user_id: 'u-42', name: 'Alex Johnson', language: 'en' } });
    expect(count('POST /ozzie/v1/users')).toBe(1);
  });

  it('reads -d from a file and from stdin', async () => {
    const file = join(home.dir, 'body.json');
    writeFileSync(file, '{"filter":{},"last_id":"","limit":3}');
    const fromFile = await call(['ozon', 'POST', '/v3/product/list', '-d', `@${file}`, '--json']);
    expect(JSON.parse(fromFile.stdout).result.items).toHaveLength(3);
    const fromStdin = await call(['ozon', 'POST', '/v3/product/list', '-d', '-', '--json'], '{"limit":2}');
    expect(JSON.parse(fromStdin.stdout).result.items).toHaveLength(2);
  });

  it('sends query items and -H headers', async () => {
    const r = await call(['yandex', 'GET', '/v2/campaigns', 'limit==7', '-H', 'X-Trace: abc', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).campaigns).toHaveLength(7);
  });

  it('shows status and headers with -i, and the provider error with the mapped exit code', async () => {
    const ok = await call(['yandex', 'GET', '/v2/campaigns', 'limit==1', '-i']);
    expect(ok.stdout).toMatch(/^HTTP 200 OK\n/);
    expect(ok.stdout).toMatch(/x-ratelimit-resource-limit/i);
    const missing = await call(['ozon', 'POST', '/v1/no/such/method']);
    expectOneLineError(missing, 7, /ozon: POST \/ozon\/v1\/no\/such\/method → 404/);
  });

  it('refuses an absolute URL on another origin before sending anything (exit 2)', async () => {
    const before = sandbox.stats.requests;
    expectOneLineError(await call(['ozon', 'POST', 'http://127.0.0.2:1/v1/roles']), 2, /refusing to send credentials to http:\/\/127\.0\.0\.2:1/);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('malformed JSON body and bad items are exit 2, nothing sent', async () => {
    const before = sandbox.stats.requests;
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', '-d', '{"a":']), 2, /-d is not valid JSON/);
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', 'count:=nope']), 2, /request item 'count:=nope' is not valid JSON/);
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', 'oops']), 2, /request item 'oops' has no separator/);
    expectOneLineError(await call(['ozon', 'FETCH', '/v1/roles']), 2, /unknown HTTP method 'FETCH'/);
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', '-H', 'X-A: b\u0001c']), 2, /control character/);
    expectOneLineError(await call(['ozon', 'POST', '/v1/roles', '-d', '{}', 'a=b']), 2, /give the body one way only/);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('--dry-run and --curl show no secret, and the curl command works with the env vars', async () => {
    for (const provider of ['ozon', 'yandex', 'ozzie']) {
      const path = provider === 'ozon' ? '/v1/roles' : provider === 'yandex' ? '/v2/campaigns' : '/v1/users';
      const dry = await call([provider, path, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/\*\*\*/);
      expectNoSecret(dry, ...SECRETS());
      const curl = await call([provider, path, '--curl']);
      expectNoSecret(curl, ...SECRETS());
      // Async: the sandbox lives in this process, so a blocking exec would deadlock it.
      const { stdout: out } = await promisify(execFile)('sh', ['-c', `${curl.stdout.trim()} -o /dev/null -w '%{http_code}'`], { env: { ...process.env, ...env } });
      expect(out, `${provider}: ${curl.stdout}`).toBe('200');
    }
    expect(count('POST /ozon/v1/roles')).toBe(1); // only the curl run reached the server
  });

  it('--dry-run and -v mask the auth headers by name, so a key under 4 characters (not redacted by value) is hidden too', async () => {
    const short = { OZON_CLIENT_ID: '999', OZON_API_KEY: 'abc' };
    for (const flag of ['--dry-run', '-v']) {
      const r = await runMkt(['call', 'ozon', '/v1/roles', flag, '--retries', '0'], { env: { ...env, ...short } });
      const shown = flag === '-v' ? r.stderr : r.stdout;
      expect(shown).toMatch(/^Api-Key: \*\*\*$/m);
      expect(shown).toMatch(/^Client-Id: 999$/m);
    }
  });

  it('--curl with --input sends the same file (it dropped the body)', async () => {
    const file = join(home.dir, 'list body.json');
    writeFileSync(file, '{"filter":{},"last_id":"","limit":4}');
    const curl = await call(['ozon', 'POST', '/v3/product/list', '--input', file, '--curl']);
    expect(curl.stdout).toContain(`--data-binary '@${file}'`);
    const { stdout } = await promisify(execFile)('sh', ['-c', curl.stdout.trim()], { env: { ...process.env, ...env } });
    expect(JSON.parse(stdout).result.items).toHaveLength(4);
  });

  it('paginates Ozon by last_id to the exact item count over one connection', async () => {
    const r = await call(['ozon', '/v3/product/list', 'filter:={}', 'limit:=1000', '--paginate', '--items']);
    expect(r.code, r.stderr).toBe(0);
    const items = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(items).toHaveLength(2500);
    expect(new Set(items.map((i) => i.offer_id)).size).toBe(2500);
    expect(count('POST /ozon/v3/product/list')).toBe(3); // the last page carries an empty last_id: no extra request
    expect(sandbox.stats.connections).toBe(1);
  });

  it('paginates Yandex by page_token; pages mode prints one page per line; --max-pages stops', async () => {
    const r = await call(['yandex', 'GET', '/v2/campaigns', 'limit==50', '--paginate']);
    const pages = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(pages).toHaveLength(3);
    expect(pages.flatMap((p) => p.campaigns)).toHaveLength(120);
    const two = await call(['yandex', 'GET', '/v2/campaigns', 'limit==10', '--paginate', '--max-pages', '2', '--items']);
    expect(two.stdout.trim().split('\n')).toHaveLength(20);
  });

  it('paginates unpaced with --rate 0, refuses a bad --rate, and stops quietly when the reader goes away', async () => {
    const r = await call(['ozon', '/v3/product/list', 'limit:=100', '--paginate', '--items', '--rate', '0', '--filter', 'offer_id']);
    expect(r.stdout.trim().split('\n')).toHaveLength(2500);
    expectOneLineError(await call(['ozon', '/v3/product/list', '--paginate', '--rate', 'fast']), 2, /--rate must be a number from 0.001 to 100000, or 0 \(no pacing\); not 'fast'$/);
    const { stdout } = await promisify(execFile)('bash', ['-c', `node ${JSON.stringify(BIN)} call ozon /v3/product/list limit:=10 --paginate --items | head -1; echo "exit=\${PIPESTATUS[0]}"`], { env: { ...process.env, ...env } });
    expect(stdout).toMatch(/^\{"product_id":\d+.*\}\nexit=0\n$/);
  });

  it('refuses options that would be ignored together, a mistyped method and an empty path, sending nothing', async () => {
    const refused: Array<[string[], RegExp]> = [
      [['--raw', '--filter', 'result'], /--raw and --filter cannot be used together$/],
      [['--raw', '--json'], /--raw and --json cannot be used together$/],
      [['--items'], /--items works only with --paginate$/],
      [['--max-pages', '2'], /--max-pages works only with --paginate$/],
      [['--rate', '5'], /--rate works only with --paginate$/],
      [['--paginate', '-i'], /--paginate and -i cannot be used together$/],
      [['--paginate', '--raw'], /--paginate and --raw cannot be used together$/],
      [['--dry-run', '--curl'], /--dry-run and --curl cannot be used together$/],
    ];
    for (const [flags, message] of refused) expectOneLineError(await call(['ozon', 'POST', '/v1/roles', ...flags]), 2, message);
    expectOneLineError(await call(['ozon', '']), 2, /missing the request path/);
    expect(count('POST /ozon/v1/roles')).toBe(0);
  });

  it('refuses numeric options out of range, the empty string and values past what a timer holds', async () => {
    const refused: Array<[string, string, RegExp]> = [
      ['--timeout', '3000000', /--timeout must be a number from 0.001 to 86400, or 0 \(no limit\); not '3000000'$/],
      ['--timeout', '', /--timeout must be .*; not ''$/],
      ['--retries', '', /--retries must be a whole number from 0 to 100; not ''$/],
      ['--retries', '101', /--retries must be/],
      ['--max-wait', '1e6', /--max-wait must be a number from 0 to 86400; not '1e6'$/],
      ['--rate', '0.0000001', /--rate must be/],
      ['--max-pages', '0', /--max-pages must be a whole number from 1 to 1000000000; not '0'$/],
    ];
    for (const [option, value, message] of refused) {
      const r = await call(['ozon', 'POST', '/v1/roles', '--paginate', option, value]);
      expectOneLineError(r, 2, message);
      expect(r.stderr).not.toMatch(/Warning/);
    }
    expect(count('POST /ozon/v1/roles')).toBe(0);
    const noLimit = await call(['ozon', 'POST', '/v1/roles', '--timeout', '0', '--max-wait', '0', '--retries', '0', '--json']);
    expect(noLimit.code, noLimit.stderr).toBe(0);
  });

  it('--filter that selects nothing: exit 0, empty stdout, and stderr says where the path went wrong', async () => {
    const typo = await call(['yandex', 'GET', '/v2/campaigns', '--filter', 'campaign[].id']);
    expect([typo.code, typo.stdout]).toEqual([0, '']);
    expect(typo.stderr).toBe("mkt: note: --filter 'campaign[].id' selected nothing: no key 'campaign' in the response (its keys: 'campaigns', 'paging')\n");
    const pages = await call(['ozon', '/v3/product/list', 'limit:=5', '--paginate', '--max-pages', '2', '--items', '--filter', 'offerid']);
    expect([pages.code, pages.stdout]).toEqual([0, '']);
    expect(pages.stderr).toMatch(/^mkt: note: --filter 'offerid' selected nothing: no key 'offerid' in an item \(its keys: 'product_id', 'offer_id', .*\)\n$/);
    // Nothing to say when the path is right and the list is empty.
    const empty = await call(['ozon', '/v3/product/list', 'last_id=c2FuZGJveDoyNTAw', 'limit:=5', '--filter', 'result.items[].offer_id']);
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([0, '', '']);
  });

  it('a terminal that reports 0 columns (some CI ptys): --paginate shows no spinner and finishes', async () => {
    const hasScript = await promisify(execFile)('script', ['--version']).then(() => true, () => false);
    if (!hasScript) return console.log('skipping the 0-column terminal test: util-linux `script` is not installed');
    // Before the fix, ora erased lines forever on such a terminal and the command never ended.
    const command = `stty cols 0 rows 0; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} call ozon /v3/product/list limit:=1000 --paginate --items | wc -l`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, timeout: 15_000, killSignal: 'SIGKILL' });
    expect(stdout.trim().split(/\s+/).at(-1)).toBe('2500');
  });

  it('on a terminal, --paginate ends its progress line with the pages and items it got', async () => {
    const hasScript = await promisify(execFile)('script', ['--version']).then(() => true, () => false);
    if (!hasScript) return console.log('skipping the progress-line test: util-linux `script` is not installed');
    // stdout to a pipe, stderr (the progress line) on the terminal, 80 columns wide.
    const command = `stty cols 80 rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} call ozon /v3/product/list limit:=1000 --paginate --items > /dev/null`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, timeout: 15_000, killSignal: 'SIGKILL' });
    expect(stdout).toMatch(/pages 3, items 2500/);
    expect(stdout).not.toMatch(/items (true|false)/);
  });

  it('waits out a Yandex 420 and succeeds, saying why on stderr', async () => {
    const r = await call(['yandex', 'GET', '/v2/campaigns', 'limit==1', 'X-Sandbox-Fault:420-once', 'X-Sandbox-Fault-Id:t420', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rate limited \(HTTP 420\); waiting \d+\.\d s/);
    expect(count('GET /yandex/v2/campaigns')).toBe(2);
  });

  it('gives exit 5 when still rate limited after the retries', async () => {
    const r = await call(['ozzie', 'GET', '/v1/users', 'X-Sandbox-Fault:status=429', '--retries', '1']);
    expect(r.code).toBe(5);
    expect(count('GET /ozzie/v1/users')).toBe(2);
  });

  it('retries a 5xx on a read-only POST, never on a write', async () => {
    const read = await call(['ozon', 'POST', '/v3/product/list', 'limit:=1', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:r503', '--json']);
    expect(read.code, read.stderr).toBe(0);
    expect(count('POST /ozon/v3/product/list')).toBe(2);
    const write = await call(['ozzie', 'POST', '/v1/users', 'external_user_id=w', 'X-Sandbox-Fault:503-once', 'X-Sandbox-Fault-Id:w503']);
    expect(write.code).toBe(7);
    expect(count('POST /ozzie/v1/users')).toBe(1);
  });

  it('times out a stalled answer with exit 6 and a one-line reason', async () => {
    const r = await call(['ozon', 'POST', '/v1/roles', 'X-Sandbox-Fault:delay=5000', '--timeout', '0.5', '--retries', '0']);
    expectOneLineError(r, 6, /no answer within 0\.5 s/);
  });

  it('reports an HTML 502 page and a reset connection in one line', async () => {
    expectOneLineError(await call(['ozzie', 'POST', '/v1/users', 'X-Sandbox-Fault:html']), 7, /502: HTML page/);
    expectOneLineError(await call(['ozzie', 'POST', '/v1/users', 'X-Sandbox-Fault:reset']), 6, /connection reset/);
  });
});
