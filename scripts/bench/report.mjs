// The results table (Markdown, so it can be pasted into docs/performance.md) and the verdict per target.

/** 'met' | 'MISSED' | 'skipped' for one row. */
export function verdict(row) {
  if (row.skipped) return 'skipped';
  if (row.extraFail) return 'MISSED';
  const x = row.value ?? row.ratio;
  const ok = row.target.op === '≤' ? x <= row.target.value : x >= row.target.value;
  return ok ? 'met' : 'MISSED';
}

const ms = (x) => (x === undefined ? '' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);

/** Two decimals, or three when two would show the limit itself for a value on the other side of it. */
function fixed(x, limit) {
  const two = x.toFixed(2);
  return Number(two) === limit && x !== limit ? x.toFixed(3) : two;
}

function measured(row) {
  if (row.skipped) return '—';
  const { value: limit } = row.target;
  if (row.value !== undefined) return `${row.value.toFixed(0)} ${row.unit}`;
  if (row.ratioIsSpeedup) return `${fixed(row.ratio, limit)}× faster`;
  if (row.ratioIsShare) return `${(row.ratio * 100).toFixed(0)} % of curl`;
  return `${fixed(row.ratio, limit)}×`;
}

function target(row) {
  const { op, value } = row.target;
  if (row.value !== undefined) return `${op} ${value} ${row.unit}`;
  if (row.ratioIsSpeedup) return `${op} ${value}× faster`;
  if (row.ratioIsShare) return `${op} ${value * 100} %`;
  return `${op} ${value}×`;
}

export function markdownTable(rows) {
  const head = ['comparison', 'mkt (median)', 'reference', 'ref. (median)', 'result', 'target', '', 'runs', 'notes'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const v = verdict(r);
    const cells = [
      r.label, ms(r.mkt), r.refLabel ?? '', ms(r.ref), measured(r), target(r),
      v === 'met' ? 'met' : v === 'skipped' ? 'skipped' : '**MISSED**',
      r.runs ?? '', [r.skipped, r.extraFail, r.note].filter(Boolean).join('; '),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function machineFacts(facts) {
  return Object.entries(facts).map(([k, v]) => `- ${k}: ${v}`).join('\n');
}
