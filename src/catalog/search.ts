import type { Operation } from './types.js';
import { englishSingular, GLOSSARY } from './glossary.js';

/** Russian case and number endings, longest first: `остатки`, `остатков`, `остатках` share `остатк`. */
const ENDINGS = ['иями', 'ями', 'ами', 'иях', 'ях', 'ах', 'ов', 'ев', 'ей', 'ий', 'ый', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ам', 'ям', 'ом', 'ем', 'ию', 'ья', 'ье', 'а', 'я', 'ы', 'и', 'о', 'е', 'у', 'ю', 'ь', 'й'];

const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е');

/** A crude stem: the word without its ending, never shorter than 3 letters. */
export function stem(word: string): string {
  const w = fold(word);
  const ending = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 3);
  return ending ? w.slice(0, -ending.length) : w;
}

/** Not `\p{L}`: a Unicode property class costs ~2 ms to set up, more than the whole search. */
const wordsOf = (text: string): string[] => fold(text).split(/[^0-9a-zа-я]+/).filter(Boolean);

interface Indexed {
  op: Operation;
  titleWords: string[];
  /** Path and operation id, lower case: `/v2/products/stocks productapi_productsstocksv2`. */
  names: string;
}

/** The English words of the glossary a Russian word stands for: `остатки` → `stock` (so `/v2/products/stocks` is found). */
const englishFor = (russianStem: string): string[] =>
  Object.entries(GLOSSARY).filter(([, stems]) => stems.some((s) => russianStem.startsWith(s) || s.startsWith(russianStem))).map(([english]) => english);

interface Wanted {
  word: string;
  /** Russian stems to find at the start of a title word. */
  stems: string[];
  /** Text to find in the path or operation id. */
  names: string[];
}

/** What one query word looks for, worked out once per search. */
function wanted(word: string): Wanted {
  const w = fold(word);
  if (/^[a-z]/.test(w)) return { word: w, stems: [...(GLOSSARY[englishSingular(w)] ?? [])], names: [w, englishSingular(w)] };
  return { word: w, stems: [stem(w)], names: [w, ...englishFor(stem(w))] };
}

/** How well one query word fits: 2 in the title, 1 in the path or id only, 0 not at all. */
function score(entry: Indexed, { word, stems, names }: Wanted): number {
  if (stems.some((s) => entry.titleWords.some((t) => t.startsWith(s))) || entry.titleWords.includes(word)) return 2;
  return names.some((n) => entry.names.includes(n)) ? 1 : 0;
}

/**
 * The operations every word fits (in Russian or English: `остатки`, `stocks`, `fbs`, `/v2/`), those
 * fitting best first, deprecated ones after the rest; in spec order otherwise.
 */
export function searchOperations(operations: readonly Operation[], words: readonly string[]): Operation[] {
  const indexed = operations.map((op): Indexed => ({ op, titleWords: wordsOf(op.title), names: fold(`${op.path} ${op.operationId ?? ''}`) }));
  const query = words.flatMap((w) => w.split(/\s+/)).filter(Boolean).map(wanted);
  return indexed
    .map((entry, order) => ({ entry, order, scores: query.map((w) => score(entry, w)) }))
    .filter(({ scores }) => scores.every((s) => s > 0))
    .sort((a, b) => Number(!!a.entry.op.deprecated) - Number(!!b.entry.op.deprecated) || sum(b.scores) - sum(a.scores) || a.order - b.order)
    .map(({ entry }) => entry.op);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
