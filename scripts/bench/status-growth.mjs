// `mkt status` over 1 → 10 → 100 → 1,000 profiles in the config index (issue 19: ≤ 1.3 × `node -e 0`
// at 1,000), each timed side by side with its own `node -e 0`, with its peak RSS, for the cost-growth
// table. status reads only the index (no store, no network), so the profiles are the file store's.
import { ratioRow, runOnce, timeStartup } from './runner.mjs';
import { withPeakRss } from './setup.mjs';

const NODE = ['node', '-e', '0'];
const LIMIT = 1.3;

/** `fileEnv(n)` seeds n profiles and returns the env that points mkt at them (agency.mjs). */
export async function statusRows(b, fileEnv, counts, log) {
  const rows = [];
  for (const n of counts) {
    log(`status: ${n} profile(s) in the index`);
    const env = await fileEnv(n);
    const argv = [...b.mkt, 'status'];
    const { stdout } = await runOnce(argv, { env, keepStdout: true });
    const listed = stdout.split('\n').filter((l) => /^[ *]\s+ozon\s+shop\d+\s/.test(l)).length;
    if (listed !== n) throw new Error(`mkt status listed ${listed} profiles, expected ${n}`);
    const row = ratioRow(`\`mkt status\` growth: ${n} profile${n === 1 ? '' : 's'} in the index`, await timeStartup(b, env, [NODE, argv]), 1, LIMIT, 0, '`node -e 0`');
    const { rss } = await withPeakRss(b, env, (e) => runOnce(argv, { env: e }));
    rows.push({ ...row, note: [row.note, `peak RSS ${rss.toFixed(0)} MB`].filter(Boolean).join('; ') });
  }
  return rows;
}
