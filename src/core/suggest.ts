/**
 * "Did you mean" for names mkt knows (providers, options), by the rule commander uses for commands,
 * so a misspelt provider is answered like a misspelt command: the known names at the smallest edit
 * distance, if it is at most 3 and more than 40 % of the longer name is left unedited.
 */
export function similarNames(word: string, known: readonly string[]): string[] {
  let best = 3;
  let similar: string[] = [];
  for (const name of new Set(known)) {
    const distance = editDistance(word, name);
    if (distance > best || (Math.max(word.length, name.length) - distance) / Math.max(word.length, name.length) <= 0.4) continue;
    if (distance < best) [best, similar] = [distance, []];
    similar.push(name);
  }
  return similar.sort();
}

/** The hint line of a "did you mean", as commander words it; undefined when nothing is close. */
export function didYouMean(similar: readonly string[]): string | undefined {
  if (similar.length === 0) return undefined;
  return similar.length === 1 ? `(Did you mean ${similar[0]}?)` : `(Did you mean one of ${similar.join(', ')}?)`;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
