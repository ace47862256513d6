// The start-up comparisons: each group is timed in one run, side by side with its own `node -e 0`.
import { ratioRow, runOnce, timeStartup } from './runner.mjs';

const NODE = ['node', '-e', '0'];

/**
 * `b` = { mkt, env, sandbox, keychain, httpie, runner } (see bench.mjs). Returns table rows.
 * A row: { label, mkt, ref, refLabel, ratio, target: { op, value }, skipped?, note? }.
 */
export async function startupRows(b) {
  const { ozon } = b.sandbox.credentials;
  const creds = { OZON_CLIENT_ID: ozon.valid.clientId, OZON_API_KEY: ozon.valid.apiKey };
  const rows = [];

  const plain = await group(b, b.env, [b.mkt.concat('--version'), b.mkt.concat('--help')], [/^\d+\.\d+\.\d+/, /Usage: mkt/]);
  rows.push(row('`mkt --version`', plain, 1, 1.25), row('`mkt --help`', plain, 2, 1.25));

  const fromEnv = await group(b, { ...b.env, ...creds }, [b.mkt.concat('headers', 'ozon')], [/Client-Id: 100200/]);
  rows.push(row('`mkt headers ozon` (env)', fromEnv, 1, 1.35));

  if (b.keychain.skipped) rows.push(skippedRow('`mkt headers ozon` (keychain)', 'node -e 0', 1.35, b.keychain.skipped));
  else {
    const fromKeychain = await group(b, b.keychain.env, [b.mkt.concat('headers', 'ozon')], [/Client-Id: 100200/]);
    rows.push(row('`mkt headers ozon` (keychain)', fromKeychain, 1, 1.35));
  }

  // The endpoint catalog: the command that reads the shipped index (one JSON file) and searches it.
  const api = await group(b, b.env, [b.mkt.concat('api', 'ozon', 'остатки')], [/\/v2\/products\/stocks/]);
  rows.push(row('`mkt api ozon остатки`', api, 1, 1.5));

  // One request whose method (POST) comes from the endpoint catalog: the index is read, the path matched, the body checked.
  const callEnv = { ...b.env, ...creds, OZON_API_URL: b.sandbox.baseUrls.ozon };
  const inferred = await group(b, callEnv, [b.mkt.concat('call', 'ozon', '/v3/product/list', 'limit:=1')], [/"offer_id"/]);
  rows.push(row('`mkt call ozon /v3/product/list limit:=1` (sandbox, method from the catalog)', inferred, 1, 1.5));
  // One Tab: the heaviest kind, a catalog path (reads the shipped index), through the completion's own bundle.
  const tab = await group(b, b.env, [b.mkt.concat('__complete', 'bash', '/v3/pro', 'mkt call ozon /v3/pro')], [/^\/v3\/product\/list$/m]);
  rows.push(row('one completion request (`mkt call ozon /v3/pro<Tab>`)', tab, 1, 1.3));
  rows.push(await tokenRow(b));

  const whoamiEnv = { ...b.env, ...creds, OZON_API_URL: b.sandbox.baseUrls.ozon };
  const http = ['http', '--ignore-stdin', 'POST', `${b.sandbox.baseUrls.ozon}/v1/roles`, `Client-Id:${ozon.valid.clientId}`, `Api-Key:${ozon.valid.apiKey}`, 'Accept:application/json', '--raw', '{}'];
  const whoami = b.mkt.concat('whoami', 'ozon');
  const before = await b.sandbox.stats();
  await check(whoami, whoamiEnv, /company/);
  const perWhoami = (await b.sandbox.stats()).requests - before.requests;
  const whoamiGroup = await group(b, whoamiEnv, b.httpie ? [whoami, http] : [whoami], b.httpie ? [null, /expires_at/] : []);
  const requests = `mkt sends ${perWhoami} requests (/v1/roles, /v1/seller/info), HTTPie 1 (/v1/roles)`;
  rows.push(row('`mkt whoami ozon` (sandbox)', whoamiGroup, 1, 1.6));
  if (b.httpie) {
    const vsHttpie = row('`mkt whoami ozon` (sandbox)', whoamiGroup, 1, 0.5, 2);
    rows.push({ ...vsHttpie, note: [requests, vsHttpie.note].filter(Boolean).join('; ') });
  }
  else rows.push(skippedRow('`mkt whoami ozon` (sandbox)', 'HTTPie `http` (same request)', 0.5, 'HTTPie (`http`) is not installed'));

  // Wildberries: the seller call and a /ping of each category the token grants, all at once.
  const wbEnv = { ...b.env, WB_API_TOKEN: b.sandbox.credentials.wb.valid.token, WB_API_URL: b.sandbox.baseUrls.wb };
  const whoamiWb = b.mkt.concat('whoami', 'wb');
  const beforeWb = await b.sandbox.stats();
  await check(whoamiWb, wbEnv, /ping feedbacks +ok/);
  const perWb = (await b.sandbox.stats()).requests - beforeWb.requests;
  const wbRow = row('`mkt whoami wb` (sandbox)', await group(b, wbEnv, [whoamiWb], []), 1, 1.6);
  rows.push({ ...wbRow, note: [`mkt sends ${perWb} requests at once (seller info, a ping per category)`, wbRow.note].filter(Boolean).join('; ') });
  return rows;
}

const TOKEN_LABEL = '`mkt whoami ozon-performance` (keychain, cached token)';

/**
 * A provider whose requests carry an access token: the pair is stored in the keychain by a verified
 * login, which caches the token beside it, so every timed run reads both and sends one request. The
 * sandbox's count of exchanges shows that none was made while timing.
 */
async function tokenRow(b) {
  if (b.keychain.skipped) return skippedRow(TOKEN_LABEL, 'node -e 0', 1.6, b.keychain.skipped);
  const perf = b.sandbox.credentials['ozon-performance'].valid;
  const env = { ...b.keychain.env, OZON_PERFORMANCE_API_URL: b.sandbox.baseUrls['ozon-performance'] };
  await runOnce(b.mkt.concat('login', 'ozon-performance', '--from-env'), { env: { ...env, OZON_PERFORMANCE_CLIENT_ID: perf.clientId, OZON_PERFORMANCE_CLIENT_SECRET: perf.clientSecret } });
  const exchanges = async () => (await b.sandbox.stats()).byPath?.['POST /ozon-performance/api/client/token'] ?? 0;
  const before = await exchanges();
  const results = await group(b, env, [b.mkt.concat('whoami', 'ozon-performance')], [/access token +reused/]);
  const during = (await exchanges()) - before;
  const timed = row(TOKEN_LABEL, results, 1, 1.6);
  return { ...timed, note: [`${during} token exchanges while timing`, timed.note].filter(Boolean).join('; ') };
}

/** Checks each command once (exit 0, expected output), then times `node -e 0` and them together. */
async function group(b, env, commands, expect) {
  for (const [i, argv] of commands.entries()) if (expect[i] !== null) await check(argv, env, expect[i]);
  return timeStartup(b, env, [NODE, ...commands]);
}

async function check(argv, env, pattern) {
  const { stdout } = await runOnce(argv, { env, keepStdout: true });
  if (pattern && !pattern.test(stdout)) throw new Error(`${argv.join(' ')}: unexpected output: ${stdout.slice(0, 300)}`);
}

const REF_LABELS = { 0: '`node -e 0`', 2: 'HTTPie `http` (same request)' };

const row = (label, results, index, limit, refIndex = 0) => ratioRow(label, results, index, limit, refIndex, REF_LABELS[refIndex]);

function skippedRow(label, refLabel, limit, reason) {
  return { label, refLabel, target: { op: '≤', value: limit }, skipped: reason };
}
