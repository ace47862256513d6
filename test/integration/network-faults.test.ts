/**
 * Every way the network or a server can fail, through the built CLI: the sandbox's fault switches,
 * a closed port, a slow drip, a huge body, a reader that goes away. Each gives the documented exit
 * code (docs/reliability.md) and one line that says why — never a stack trace, never a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoSecret, runMkt, type RunResult } from '../helpers/cli.js';
import { closedPort, faultProxy, listen, shut } from '../helpers/hostile-server.mjs';
import { useHostileServer } from '../helpers/hostile.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const SECRETS = [S.ozon.valid.apiKey, S.yandex.valid.token, S.ozzie.valid.clientSecret];
const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const env = { ...sandboxOnly, MKT_DEBUG: '1', ...VALID_CREDENTIALS_ENV };

/** A proxy in front of the sandbox that adds the fault named by the first path segment (faultProxy). */
let proxy: Server;
let proxyUrl: string;
beforeAll(async () => {
  proxy = faultProxy(sandbox.url);
  proxyUrl = await listen(proxy);
});
afterAll(() => shut(proxy));

const call = (args: string[], extra: Record<string, string> = {}, timeoutMs?: number) => runMkt(['call', ...args], { env: { ...env, ...extra }, timeoutMs });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;

/**
 * The failure contract: the exit code; the last line `mkt: <reason>`; before it only other `mkt:`
 * lines (retry notices) or indented hints; no stack trace even under MKT_DEBUG=1; no secret.
 */
function expectFailure(r: RunResult, code: number, reason: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.filter((l) => !l.startsWith('  ')).at(-1) ?? '';
  expect(last).toMatch(/^mkt: /);
  expect(last).toMatch(reason);
  for (const line of lines) expect(line).toMatch(/^(mkt: | {2}\S)/);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
  expect(r.stderr).not.toMatch(/^mkt: internal error/m);
  expectNoSecret(r, ...SECRETS);
}

const fault = (spec: string, id?: string) => [`X-Sandbox-Fault:${spec}`, ...(id ? [`X-Sandbox-Fault-Id:${id}`] : [])];

// ---------------------------------------------------------------------------------------------
describe('connection failures → exit 6', () => {
  it('a closed port: refused, retried for a read-only call, then one line', async () => {
    const base = { OZON_API_URL: `http://127.0.0.1:${await closedPort()}` };
    expectFailure(await call(['ozon', 'POST', '/v1/roles', '--retries', '0'], base), 6, /ozon: POST http:\/\/127\.0\.0\.1:\d+\/v1\/roles: connection refused$/);
    const retried = await call(['ozon', 'POST', '/v1/roles', '--retries', '1'], base);
    expectFailure(retried, 6, /connection refused$/);
    expect(retried.stderr).toMatch(/^mkt: connection refused; retrying a read-only request; waiting \d+\.\d s$/m);
    expectFailure(await call(['ozzie', 'POST', '/v1/users', 'name=x', '--retries', '3'], { OZZIE_API_URL: base.OZON_API_URL }), 6, /connection refused$/);
  });

  it('a reset before the answer: a read-only call is retried, a write is not', async () => {
    expectFailure(await call(['yandex', 'GET', '/v2/campaigns', '--retries', '1', ...fault('reset')]), 6, /yandex: GET http:\/\/127\.0\.0\.1:\d+\/yandex\/v2\/campaigns: connection reset$/);
    expect(count('GET /yandex/v2/campaigns')).toBe(2);
    const recovered = await call(['yandex', 'GET', '/v2/campaigns', '--json', ...fault('reset,times=1', 'r1')]);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(JSON.parse(recovered.stdout).campaigns).toHaveLength(120);
    expectFailure(await call(['ozzie', 'POST', '/v1/users', 'external_user_id=r', ...fault('reset')]), 6, /connection reset$/);
    expect(count('POST /ozzie/v1/users')).toBe(1);
  });

  it.each([['piped'], ['--raw'], ['--json'], ['--filter']])('a reset in the middle of the body (%s)', async (mode) => {
    const flags = mode === 'piped' ? [] : mode === '--filter' ? ['--filter', 'result'] : [mode];
    const r = await call(['ozon', 'POST', '/v1/roles', ...flags, ...fault('truncate')]);
    expectFailure(r, 6, /the connection broke while reading the response \((connection reset|response cut short|aborted)\)/);
  });

  it.each([['piped'], ['--json'], ['--paginate']])('a server that stalls in the middle of the body gives up after --timeout (%s)', async (mode) => {
    const started = Date.now();
    const r = mode === '--paginate'
      ? await call(['ozon', 'POST', '/v3/product/list', 'limit:=1', '--paginate', '--timeout', '1', '--retries', '0', ...fault('stall')])
      : await call(['ozon', 'POST', '/v1/roles', '--timeout', '1', '--retries', '0', ...(mode === 'piped' ? [] : [mode]), ...fault('stall')]);
    expectFailure(r, 6, /the response stalled: no data for 1 s$/);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('Ctrl-C while waiting: "mkt: interrupted" and exit 130', async () => {
    const child = spawn(process.execPath, [BIN, 'call', 'yandex', 'GET', '/v2/campaigns', ...fault('delay=10000')], { env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Once the request has arrived, mkt is waiting for the answer (and its handler is in place).
    while (count('GET /yandex/v2/campaigns') === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // Not a terminal: no blank line before it in a log.
    expect(stderr).toBe('mkt: interrupted\n');
  });

  it('a server that never answers gives up after --timeout', async () => {
    const started = Date.now();
    expectFailure(await call(['yandex', 'GET', '/v2/campaigns', '--timeout', '0.5', '--retries', '0', ...fault('delay=10000')]), 6, /no answer within 0\.5 s$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

// ---------------------------------------------------------------------------------------------
describe('unusable answers', () => {
  it('an HTML 502 page → exit 7 naming the page; a read-only call recovers when it passes', async () => {
    expectFailure(await call(['ozon', 'POST', '/v3/product/list', '--retries', '0', ...fault('html')]), 7, /ozon: POST \/ozon\/v3\/product\/list → 502: HTML page "502 Bad Gateway" instead of JSON$/);
    const recovered = await call(['ozon', 'POST', '/v3/product/list', 'limit:=1', '--json', ...fault('html,times=1', 'h1')]);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stderr).toMatch(/HTTP 502 on a read-only request; waiting/);
  });

  it.each([500, 502, 503, 504])('a %i after the retries → exit 7 with the provider message', async (status) => {
    const r = await call(['yandex', 'GET', '/v2/campaigns', '--retries', '1', ...fault(`status=${status}`)]);
    expectFailure(r, 7, new RegExp(`yandex: GET /yandex/v2/campaigns → ${status}`));
    expect(count('GET /yandex/v2/campaigns')).toBe(2);
  });

  it('invalid JSON: passed through as it is when piped; --json and --filter say it is not JSON (exit 7)', async () => {
    const piped = await call(['ozon', 'POST', '/v1/roles', ...fault('invalid-json')]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe('{"result":');
    expectFailure(await call(['ozon', 'POST', '/v1/roles', '--json', ...fault('invalid-json')]), 7, /ozon: POST \/ozon\/v1\/roles → 200, but the body is not JSON$/);
    expectFailure(await call(['ozon', 'POST', '/v1/roles', '--filter', 'result', ...fault('invalid-json')]), 7, /but the body is not JSON$/);
  });

  it('an empty body: nothing printed, exit 0 (a bodiless success is a success)', async () => {
    for (const flags of [[], ['--json'], ['--filter', 'a'], ['-i']]) {
      const r = await call(['ozon', 'POST', '/v1/roles', ...flags, ...fault('empty')]);
      expect(r.code, `${flags.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
    }
  });

  it('a page of --paginate that is not JSON, or cut short → one line', async () => {
    expectFailure(await call(['ozon', '/v3/product/list', 'limit:=10', '--paginate', ...fault('invalid-json')]), 7, /page 1 is not JSON$/);
    expectFailure(await call(['ozon', '/v3/product/list', 'limit:=10', '--paginate', '--retries', '0', ...fault('truncate')]), 6, /the connection broke while reading the response/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('whoami meets every fault (through a fault-adding proxy)', () => {
  const whoami = (faultSpec: string, provider = 'ozon') => {
    const base = `${proxyUrl}/${encodeURIComponent(faultSpec)}/${provider}`;
    return runMkt(['whoami', provider], { env: { ...env, OZON_API_URL: base, YANDEX_MARKET_API_URL: base, OZZIE_API_URL: base } });
  };
  /** whoami prints its verdict per provider on stdout: `✗ <provider> (...)` then the reason, indented. */
  function expectVerdict(r: RunResult, code: number, reason: RegExp): void {
    expect(r.code, r.stdout + r.stderr).toBe(code);
    expect(r.stdout).toMatch(/^✗ /m);
    expect(r.stdout).toMatch(reason);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\(|^mkt: internal error/m);
    expectNoSecret(r, ...SECRETS);
  }

  it.each([
    ['reset', 6, /connection reset/],
    ['truncate', 6, /the connection broke while reading the response/],
    ['html', 7, /502: HTML page "502 Bad Gateway" instead of JSON/],
    ['status=503', 7, /→ 503/],
    ['invalid-json', 7, /but the body is not JSON/],
    ['empty', 7, /but the body is not JSON/],
  ] as const)('%s → exit %i', async (spec, code, reason) => {
    expectVerdict(await whoami(spec), code, reason);
  });

  it('succeeds through the proxy when there is no fault (the proxy is not the problem)', async () => {
    const r = await whoami('none');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile servers of our own', () => {
  // The routes are in test/helpers/hostile-server.mjs (HOSTILE_ROUTES), shared with scripts/reliability.mjs.
  const hostile = useHostileServer();

  it('a slow drip that keeps coming is read to the end: --timeout limits silence, not the total', async () => {
    // /drip-slow: '{"drip":"0123456789"}', one character every 100 ms: ~2 s in all, never 1 s of silence.
    for (const flags of [[], ['--json']]) {
      const r = await call(['ozon', 'GET', '/drip-slow', '--timeout', '1', '--retries', '0', ...flags], { OZON_API_URL: hostile.url });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ drip: '0123456789' });
    }
  });

  it('a drip that falls silent longer than --timeout → exit 6', async () => {
    // /drip-silent: one character every 1.5 s.
    const started = Date.now();
    expectFailure(await call(['ozon', 'GET', '/drip-silent', '--timeout', '1', '--retries', '0', '--json'], { OZON_API_URL: hostile.url }), 6, /the response stalled: no data for 1 s$/);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('a huge error body → exit 7 in one line, without printing or keeping it', async () => {
    // /huge-error: a 500 with 40 MiB of text.
    const r = await call(['ozon', 'GET', '/huge-error', '--retries', '0'], { OZON_API_URL: hostile.url });
    expectFailure(r, 7, /ozon: GET \/huge-error → 500: \(error body larger than 16 MB, not shown\)$/);
    expect(r.stdout).toBe('');
  });

  it('a huge error body is the same HTTP error (exit 7) for --paginate and whoami as for a plain call: one outcome for all three', async () => {
    const paged = await call(['ozon', 'GET', '/huge-error', '--paginate', '--retries', '0'], { OZON_API_URL: hostile.url });
    expectFailure(paged, 7, /ozon: GET \/huge-error → 500: \(error body larger than 16 MB, not shown\)$/);
    const whoami = await runMkt(['whoami', 'ozon'], { env: { ...env, OZON_API_URL: `${hostile.url}/huge-error` } });
    expect(whoami.code, whoami.stdout + whoami.stderr).toBe(7);
    expect(whoami.stdout).toMatch(/^ {4}ozon: POST \/huge-error\/v1\/roles → 500: \(error body larger than 16 MB, not shown\)$/m);
  });

  it('answers that are not HTTP at all → exit 6', async () => {
    expectFailure(await call(['ozon', 'GET', '/not-http', '--retries', '0'], { OZON_API_URL: hostile.url }), 6, /ozon: GET http:\/\/127\.0\.0\.1:\d+\/not-http: the answer is not HTTP \(HPE_[A-Z_]+\)$/);
  });

  // Regression: a repeated cursor stops --paginate with exit 7.
  it('stops --paginate when a server repeats the same cursor', async () => {
    const r = await call(['ozon', '/v3/product/list', 'limit:=1', '--paginate', '--items'], { OZON_API_URL: `${hostile.url}/repeat-cursor` }, 4_000);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/page 2 returned the same cursor again; stopping$/m); // not a 404 from a path the server does not know
  });
});

// ---------------------------------------------------------------------------------------------
describe('big bodies and early readers', () => {
  const TIME = '/usr/bin/time';
  const hasTime = existsSync(TIME);

  /** Runs mkt under `/usr/bin/time -f %M`; returns the child's peak RSS in MiB and the bytes it wrote. */
  function measure(args: string[]): Promise<{ code: number | null; peakMiB: number; bytes: number; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(TIME, ['-f', 'peak-rss-kib=%M', process.execPath, BIN, ...args], { env: { PATH: process.env.PATH, ...env } });
      let bytes = 0;
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (bytes += d.length));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const kib = Number(/peak-rss-kib=(\d+)/.exec(stderr)?.[1]);
        resolve({ code, peakMiB: kib / 1024, bytes, stderr });
      });
    });
  }

  if (!hasTime) console.log(`skipping the --raw memory test: ${TIME} is not installed (Debian package "time")`);
  it.skipIf(!hasTime)('streams a 256 MiB body with --raw in bounded memory (peak RSS from /usr/bin/time)', async () => {
    const small = await measure(['call', 'ozon', 'GET', `${sandbox.url}/_sandbox/big?mb=1`, '--raw']);
    const big = await measure(['call', 'ozon', 'GET', `${sandbox.url}/_sandbox/big?mb=256`, '--raw']);
    expect(small.code, small.stderr).toBe(0);
    expect(big.code, big.stderr).toBe(0);
    expect(big.bytes).toBeGreaterThanOrEqual(256 * 1024 * 1024);
    // 256 MiB went through; the process grew by a few buffers at most.
    expect(big.peakMiB, `peak ${big.peakMiB.toFixed(0)} MiB vs ${small.peakMiB.toFixed(0)} MiB for 1 MiB`).toBeLessThan(small.peakMiB + 64);
  }, 60_000);

  it('ends quietly when the reader goes away (| head -c 100): exit 0, no EPIPE report', async () => {
    const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const command = `${[process.execPath, BIN, 'call', 'ozon', 'GET', `${sandbox.url}/_sandbox/big?mb=64`, '--raw'].map(quote).join(' ')} | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = await new Promise<{ stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', command], { env: { PATH: process.env.PATH, ...env } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', () => resolve({ stderr }));
    });
    expect(r.stderr.trim()).toBe('status=0');
  });

  it('stops downloading when the reader goes away: a body that never ends still ends the command', async () => {
    // Without the stop, mkt would read this body forever and the test would time out.
    let closedBy = '';
    const endless = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', more);
      res.on('close', () => (closedBy = 'client'));
      more();
    });
    const url = await listen(endless);
    try {
      const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
      const command = `${[process.execPath, BIN, 'call', 'ozon', 'GET', '/endless', '--raw', '--base-url', url].map(quote).join(' ')} | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`;
      const stderr = await new Promise<string>((resolve) => {
        const child = spawn('bash', ['-c', command], { env: { PATH: process.env.PATH, ...env } });
        let text = '';
        child.stderr.on('data', (d) => (text += d));
        child.on('close', () => resolve(text));
      });
      expect(stderr.trim()).toBe('status=0');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closedBy).toBe('client');
    } finally {
      await shut(endless);
    }
  });
});
