// The long-running comparisons: 1,000 pages against a curl loop, and a 500 MB body against curl.
// Always our own runner: each run is checked (pages, bytes, connections) and peak RSS is read.
import { median, runOnce } from './runner.mjs';
import { withPeakRss } from './setup.mjs';

export const PAGES = 1000;
export const PAGE_LIMIT = 10;
export const BIG_MB = 500;

/**
 * `mkt call ozon POST /v3/product/list --paginate` over PAGES pages vs the shell loop of curl, in pairs
 * (who goes first alternating): the ratio is the median of the per-pair ratios, as in pairedShare, so a
 * slow phase of the shared machine falls on both runs of a pair instead of on one side's median.
 */
export async function paginateRows(b, { mkt = b.mkt, label = '`mkt call … --paginate`, 1,000 pages', runs = b.runs.pages ?? b.runs.heavy } = {}) {
  const { env, argv, curl } = paginateCommands(b, mkt);
  const times = { mkt: [], curl: [] };
  const connections = [];
  // Warm-up: a few pages each.
  await runOnce([...argv, '--max-pages', '5'], { env });
  await runOnce([...curl, '5'], { env });
  const timeMkt = async () => {
    const before = await b.sandbox.stats();
    const m = await runOnce(argv, { env, keepStdout: true });
    const after = await b.sandbox.stats();
    expectPages('mkt', m.stdout, after.requests - before.requests);
    connections.push(after.connections - before.connections);
    times.mkt.push(m.ms);
  };
  const timeCurl = async () => {
    const c = await runOnce(curl, { env, keepStdout: true });
    expectPages('curl loop', c.stdout);
    times.curl.push(c.ms);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 1) await timeCurl();
    await timeMkt();
    if (i % 2 === 0) await timeCurl();
  }
  const ratios = times.mkt.map((ms, i) => times.curl[i] / ms);
  const mktMs = median(times.mkt);
  const curlMs = median(times.curl);
  const conns = Math.max(...connections);
  const spread = runs > 1 ? `pairs ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×; ` : '';
  return [{
    label, mkt: mktMs, ref: curlMs, refLabel: 'shell loop of `curl`', ratio: median(ratios), ratioIsSpeedup: true,
    target: { op: '≥', value: 12 }, runs,
    note: `median of per-pair ratios (${spread}${(PAGES / (mktMs / 1000)).toFixed(0)} pages/s vs ${(PAGES / (curlMs / 1000)).toFixed(0)})${conns === 1 ? '; one TCP connection' : ''}`,
    extraFail: conns !== 1 ? `mkt opened ${conns} TCP connections, not 1` : undefined,
  }];
}

export function paginateCommands(b, mkt) {
  const { ozon } = b.sandbox.credentials;
  const env = { ...b.env, OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey, OZON_API_URL: b.sandbox.baseUrls.ozon };
  // The bench sandbox has no rate limit, and the curl loop does not pace: neither does mkt here.
  // Against the real API the default pacing (50 req/s) stays on; see docs/performance.md.
  const argv = [...mkt, 'call', 'ozon', 'POST', '/v3/product/list', 'filter:={}', `limit:=${PAGE_LIMIT}`, '--paginate', '--rate', '0'];
  const curl = ['sh', b.curlLoop, `${b.sandbox.baseUrls.ozon}/v3/product/list`, ozon.valid.clientId, ozon.valid.apiKey, String(PAGE_LIMIT)];
  return { env, argv, curl };
}

function expectPages(who, stdout, requests) {
  const pages = stdout.split('\n').filter(Boolean).length;
  if (pages !== PAGES) throw new Error(`${who} printed ${pages} pages, expected ${PAGES}`);
  if (requests !== undefined && requests !== PAGES) throw new Error(`${who} sent ${requests} requests for ${PAGES} pages`);
}

/** Quotes one argument for sh. */
const sh = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

/** Runs `argv | wc -c` (a light reader, as in a real pipeline) and returns the time and the byte count. */
export async function throughPipe(argv, env) {
  const { ms, stdout } = await runOnce(['sh', '-c', `${argv.map(sh).join(' ')} | wc -c`], { env, keepStdout: true });
  return { ms, bytes: Number(stdout.trim()) };
}

/**
 * Times `argv` against `reference` into the same pipe, `runs` pairs, who goes first alternating. The
 * share is the median of the per-pair ratios: the two runs of a pair are seconds apart, so a slow
 * phase of the machine falls on both, where a ratio of two medians would mix phases.
 */
export async function pairedShare({ argv, env, reference, runs }) {
  const times = { mine: [], ref: [] };
  for (let i = 0; i < runs; i++) {
    const refFirst = i % 2 === 1;
    const r0 = refFirst ? await throughPipe(reference, env) : undefined;
    const m = await throughPipe(argv, env);
    const r = r0 ?? (await throughPipe(reference, env));
    if (m.bytes !== r.bytes || m.bytes < BIG_MB * 1048576) throw new Error(`${argv[0]} gave ${m.bytes} bytes, the reference ${r.bytes}`);
    times.mine.push(m.ms);
    times.ref.push(r.ms);
  }
  const shares = times.mine.map((ms, i) => times.ref[i] / ms);
  return { mineMs: median(times.mine), refMs: median(times.ref), share: median(shares), spread: [Math.min(...shares), Math.max(...shares)] };
}

/**
 * A BIG_MB body through `mkt call … --raw` into a pipe vs curl into a pipe: throughput, then mkt's
 * peak RSS in runs of their own: the RSS hook is preloaded with --import, which starts Node's ESM
 * loader (~8 ms) and would be timed as mkt's.
 */
export async function rawRows(b) {
  const { ozon } = b.sandbox.credentials;
  const env = { ...b.env, OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey };
  const mkt = (mb) => [...b.mkt, 'call', 'ozon', 'GET', '/_sandbox/big', `mb==${mb}`, '--raw', '--base-url', b.sandbox.url];
  await throughPipe(mkt(20), env);
  // The sandbox's first full-size body is ~20 % slower to serve (945 vs ~760 ms measured: its JSON
  // generator and heap warm up): warm it at full size before anything is timed.
  await throughPipe(curlBig(b), env);
  const result = await pairedShare({ argv: mkt(BIG_MB), env, reference: curlBig(b), runs: b.runs.raw });
  const rss = [];
  for (let i = 0; i < b.runs.heavy; i++) {
    const { result, rss: peak } = await withPeakRss(b, env, (e) => throughPipe(mkt(BIG_MB), e));
    if (result.bytes < BIG_MB * 1048576) throw new Error(`--raw gave ${result.bytes} bytes`);
    rss.push(peak);
  }
  return [
    { label: '`mkt call … --raw`, 500 MB piped: peak RSS', value: Math.max(...rss), unit: 'MB', target: { op: '≤', value: 120 }, runs: b.runs.heavy, note: `max over the runs; median ${median(rss).toFixed(0)} MB` },
    throughputRow('`mkt call … --raw`, 500 MB piped: throughput', result, b.runs.raw, "mkt's start-up included"),
  ];
}

export const curlBig = (b) => ['curl', '-sS', '--fail', `${b.sandbox.url}/_sandbox/big?mb=${BIG_MB}`];

export function throughputRow(label, { mineMs, refMs, share, spread }, runs, note) {
  const mbps = (ms) => (BIG_MB / (ms / 1000)).toFixed(0);
  const range = runs > 1 ? `pairs ${(spread[0] * 100).toFixed(0)}–${(spread[1] * 100).toFixed(0)} %; ` : '';
  return {
    label, mkt: mineMs, ref: refMs, refLabel: '`curl` into the same pipe', ratio: share, ratioIsShare: true, target: { op: '≥', value: 0.7 }, runs,
    note: `median of per-pair shares (${range}read by \`wc -c\`); medians ${mbps(mineMs)} vs ${mbps(refMs)} MB/s; ${note}`,
  };
}
