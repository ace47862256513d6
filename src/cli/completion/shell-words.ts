/**
 * Bash's command line (COMP_LINE up to the cursor) as the words the command will get. Bash's own
 * COMP_WORDS splits at `=` and `:` (COMP_WORDBREAKS), which would cut `--store=file` in three. The
 * last word is the one being typed: empty after a space, and an unclosed quote is still open in it.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1];
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && next !== undefined && '"\\$`'.includes(next)) word += line[++i];
      else word += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && next !== undefined) word += line[++i];
      else word += c;
    }
  }
  words.push(word);
  return words;
}
