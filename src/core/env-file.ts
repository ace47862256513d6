/** `KEY=VALUE` lines, as `.env` files and `mkt login --stdin` write them. */
import { UsageError } from './errors.js';
import { findReferences, resolveReferences, substitute, type Reference } from './references.js';
import type { Context } from './types.js';
import { looksLikeSecret } from './secret-like.js';

/** `export ` allowed, spaces around `=`; the name as login --stdin takes it (labels such as Api-Key too). */
const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/;

/** One line: blank or a `#` comment (undefined), a name and its value (quotes taken off), or 'malformed'. */
export function splitEnvLine(rawLine: string): { name: string; value: string; raw: string } | 'malformed' | undefined {
  const line = rawLine.replace(/\r$/, '').trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const m = LINE.exec(line);
  return m ? { name: m[1]!, value: unquote(m[2]!.trim()), raw: m[2]!.trim() } : 'malformed';
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1) : value;
}

/** A variable's name, as a shell or an SDK reads it from the environment. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The variables of an env-file template (`mkt exec --env-file`), every `mkt://` reference in a value
 * replaced by the stored value it names. An unquoted value ends at ` #` (a comment), as in dotenv.
 * Errors name the file and line, never a value; nothing is returned unless every reference resolves.
 */
export async function readEnvTemplate(ctx: Context, file: string, text: string): Promise<EnvTemplate> {
  const line = (n: number) => `${file} line ${n}`;
  const entries: Array<{ name: string; value: string; refs: Reference[]; line: number }> = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, i) => {
    const split = splitEnvLine(raw);
    if (split === undefined) return;
    if (split === 'malformed') throw new UsageError(`${line(i + 1)} is not NAME=VALUE`, ['lines are NAME=VALUE (export and quotes allowed), # comments and blank lines']);
    if (!ENV_NAME.test(split.name)) throw new UsageError(`${line(i + 1)}: a variable's name is letters, digits and _, not starting with a digit`);
    const value = dotenvValue(split.raw);
    if (value === undefined) throw new UsageError(`${line(i + 1)}: text after the closing quote`);
    entries.push({ name: split.name, value, refs: findReferences(value, () => line(i + 1)), line: i + 1 });
  });
  // For the errors of resolving, each reference's index is its line.
  const all = entries.flatMap((e) => e.refs.map((r) => ({ ...r, index: e.line })));
  const { values, providers } = await resolveReferences(ctx, all, line);
  const plain = entries.filter((e) => e.refs.length === 0 && looksLikeSecret(e.value)).map((e) => `${line(e.line)} (${e.name})`);
  return { vars: Object.fromEntries(entries.map((e) => [e.name, substitute(e.value, e.refs, values)])), providers, plain };
}

export interface EnvTemplate {
  vars: Record<string, string>;
  /** The providers its references name. */
  providers: string[];
  /** Lines whose value reads as a key and is no reference: a secret in a file meant to be committed. */
  plain: string[];
}

/** dotenv's rules: a quoted value is what is between the quotes (a `# comment` may follow); in an unquoted one, a `#` after a blank starts a comment. */
function dotenvValue(raw: string): string | undefined {
  const q = raw[0];
  if (q !== '"' && q !== "'") return raw.replace(/\s+#.*$/, '');
  const close = raw.indexOf(q, 1);
  if (close < 0) return raw;
  return /^\s*(?:#.*)?$/.test(raw.slice(close + 1)) ? raw.slice(1, close) : undefined;
}
