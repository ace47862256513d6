// `--only growth-pages`: how the cost of a run grows with its size. Pages 10 → 10,000 through
// `mkt call … --paginate` (default NDJSON, one page per line) and bodies 1 MB → 2 GB through
// `mkt call … --raw`, each with its time and peak RSS, so a reader sees what grows. Nothing is written
// to disk: every output goes to `wc -c` (pages: counted by the runner).
import { median, runOnce } from './runner.mjs';
import { startSandboxProcess, withPeakRss } from './setup.mjs';
import { curlBig, throughPipe } from './heavy.mjs';

const PAGE_COUNTS = [10, 100, 1000, 10000];
const LIMIT = 10;
const BODY_MB = [1, 10, 100, 1024, 2048];
/** The targets: 10,000 pages within 100 MB, time per page at 10,000 within 1.3× of that at 1,000. */
const PAGES_RSS_MB = 100;
const LINEAR = 1.3;
/** The --raw row's limit (heavy.mjs, 500 MB): a streamed body costs the same memory at any size. */
const RAW_RSS_MB = 120;

export async function growthRows(b, { quick, log }) {
  const runs = quick ? 1 : 3;
  // A catalog of its own: 10,000 pages of LIMIT products (the main sandbox has 1,000).
  const sandbox = await startSandboxProcess(b.repo, b.tmp, { products: PAGE_COUNTS.at(-1) * LIMIT, ozonRatePerSecond: 1_000_000 });
  try {
    log(`growth: pages ${PAGE_COUNTS.join(', ')}, ${runs} run(s) each`);
    const pages = await pageRows(b, sandbox, runs);
    const sizes = quick ? BODY_MB.filter((mb) => mb < 2048) : BODY_MB;
    log(`growth: --raw bodies ${sizes.join(', ')} MB, ${runs} run(s) each`);
    return [...pages, ...(await bodyRows(b, sizes, runs))];
  } finally {
    await sandbox.stop();
  }
}

/** Peak RSS (MB) of one run with the RSS hook preloaded, and its time (ms). */
async function measured(b, run, env) {
  const { result, rss } = await withPeakRss(b, env, run);
  return { ...result, rss };
}

async function pageRows(b, sandbox, runs) {
  const { ozon } = sandbox.credentials;
  const env = { ...b.env, OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey, OZON_API_URL: sandbox.baseUrls.ozon };
  const argv = (n) => [...b.mkt, 'call', 'ozon', 'POST', '/v3/product/list', 'filter:={}', `limit:=${LIMIT}`, '--paginate', '--rate', '0', '--max-pages', String(n)];
  await runOnce(argv(5), { env });
  const at = new Map();
  for (const n of PAGE_COUNTS) {
    const times = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const r = await measured(b, (e) => runOnce(argv(n), { env: e, keepStdout: true }), env);
      const lines = r.stdout.split('\n').filter(Boolean).length;
      if (lines !== n) throw new Error(`mkt printed ${lines} pages, expected ${n}`);
      times.push(r.ms);
      rss.push(r.rss);
    }
    at.set(n, { ms: median(times), rss: Math.max(...rss) });
  }
  const rows = PAGE_COUNTS.map((n) => {
    const { ms, rss } = at.get(n);
    return {
      label: `growth: \`--paginate\`, ${n.toLocaleString('en')} pages: peak RSS`, mkt: ms, value: rss, unit: 'MB', target: { op: '≤', value: PAGES_RSS_MB }, runs,
      note: `time (mkt column) median, RSS max over the runs; ${((ms / n) * 1000).toFixed(0)} µs per page with start-up`,
    };
  });
  // Per page beyond the first 10 (start-up and the first pages taken off): flat when time is linear in pages.
  const perPage = (n) => (at.get(n).ms - at.get(PAGE_COUNTS[0]).ms) / (n - PAGE_COUNTS[0]);
  const [k1, k10] = [perPage(1000), perPage(10000)];
  rows.push({
    label: 'growth: `--paginate` time per page, 10,000 vs 1,000 pages', ratio: k10 / k1, target: { op: '≤', value: LINEAR }, runs,
    note: `marginal time per page (10-page run subtracted): ${(k10 * 1000).toFixed(0)} vs ${(k1 * 1000).toFixed(0)} µs`,
  });
  return rows;
}

async function bodyRows(b, sizes, runs) {
  const { ozon } = b.sandbox.credentials;
  const env = { ...b.env, OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey };
  const mkt = (mb) => [...b.mkt, 'call', 'ozon', 'GET', '/_sandbox/big', `mb==${mb}`, '--raw', '--base-url', b.sandbox.url];
  const curl = (mb) => curlBig(b).map((a) => a.replace(/mb=\d+/, `mb=${mb}`));
  await throughPipe(mkt(20), env);
  const rows = [];
  for (const mb of sizes) {
    const times = [];
    const rss = [];
    const ref = [];
    for (let i = 0; i < runs; i++) {
      const r = await measured(b, (e) => throughPipe(mkt(mb), e), env);
      const c = await throughPipe(curl(mb), env);
      if (r.bytes < mb * 1048576 || r.bytes !== c.bytes) throw new Error(`--raw gave ${r.bytes} bytes for ${mb} MB, curl ${c.bytes}`);
      times.push(r.ms);
      rss.push(r.rss);
      ref.push(c.ms);
    }
    const ms = median(times);
    const size = mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`;
    rows.push({
      label: `growth: \`--raw\`, ${size} piped: peak RSS`, mkt: ms, ref: median(ref), refLabel: '`curl` into the same pipe (time)', value: Math.max(...rss), unit: 'MB',
      target: { op: '≤', value: RAW_RSS_MB }, runs,
      note: `time (mkt column) median; ${(mb / (ms / 1000)).toFixed(0)} MB/s vs curl ${(mb / (median(ref) / 1000)).toFixed(0)} MB/s${mb === 2048 ? '; full runs only' : ''}`,
    });
  }
  return rows;
}
