/**
 * A long --paginate run keeps its memory flat (issue 19). Measured, 3,000 pages of 10 products: peak RSS
 * 72 MB on node:http with send's options named; 90 MB when paginate spread `{ ...opts }` into them (each
 * page's request outlived the page); 105 MB already at 10 pages on undici (its WebAssembly parser).
 * The bound sits between, with room for another machine; no timing is asserted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const PAGES = 3000;
const LIMIT_MB = 85;
const { sandbox, env } = await sandboxForFile({ products: PAGES * 10, ozonRatePerSecond: 1_000_000 });
const dir = mkdtempSync(join(tmpdir(), 'mkt-rss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hook = join(dir, 'rss-hook.mjs');
writeFileSync(hook, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.MKT_TEST_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

it(`--paginate over ${PAGES} pages: every page arrives, peak RSS under ${LIMIT_MB} MB`, async () => {
  const rssFile = join(dir, 'rss.txt');
  const r = await runMkt(['call', 'ozon', 'POST', '/v3/product/list', 'filter:={}', 'limit:=10', '--paginate', '--rate', '0'], {
    env: { ...env, ...VALID_CREDENTIALS_ENV, NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, MKT_TEST_RSS_FILE: rssFile },
  });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(PAGES);
  expect(sandbox.stats.connections).toBe(1);
  const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  expect(peakMb).toBeLessThan(LIMIT_MB);
}, 60_000);
