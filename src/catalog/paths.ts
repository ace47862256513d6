/** Matching a request path against the spec's path templates (`/v2/campaigns/{campaignId}/offers`). */

const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);
const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/** The path part only, one leading slash, no trailing one: `v3/product/list/?a=1` → `/v3/product/list`. */
export function normalisePath(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? '';
  return `/${segmentsOf(bare).join('/')}`;
}

/** A path's segments as `fit` compares them: `v3/product/list/?a=1` → `['v3', 'product', 'list']`. */
export const pathSegments = (path: string): string[] => segmentsOf(path.split(/[?#]/)[0] ?? '');

/** A template's: it has no query to cut. */
export const templateSegments = segmentsOf;

/**
 * How well a path fits a template, both as segments (`pathSegments`; each split once, as every
 * request is matched against every template): the number of literal segments that agree, or
 * undefined when it does not fit. A parameter segment takes any one segment, so the more literal
 * template wins (`/outlets/licenses` over `/outlets/{outletId}`).
 */
export function fit(want: readonly string[], got: readonly string[]): number | undefined {
  if (want.length !== got.length) return undefined;
  let literal = 0;
  for (const [i, segment] of want.entries()) {
    if (segment === got[i]) literal += isParam(segment) ? 0 : 1;
    else if (!isParam(segment)) return undefined;
  }
  return literal;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The template with its parameters filled from `path` where it has a segment there, so ids cost nothing. */
function filled(template: string, path: string): string {
  const got = segmentsOf(path);
  return `/${segmentsOf(template).map((s, i) => (isParam(s) && got[i] !== undefined ? got[i] : s)).join('/')}`;
}

/**
 * Up to `n` templates closest to `path` by edit distance, closest first; none further than a third of
 * the path's length (at least 4 edits), so a "did you mean" never offers an unrelated path.
 */
export function nearest(templates: readonly string[], path: string, n: number): string[] {
  const target = normalisePath(path);
  const limit = Math.max(4, Math.floor(target.length / 3));
  return [...new Set(templates)]
    .map((t) => ({ t, d: editDistance(filled(t, target), target) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.t.localeCompare(b.t))
    .slice(0, n)
    .map(({ t }) => t);
}
