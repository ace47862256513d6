/**
 * `mkt://<provider>/<profile>/<field>`: a reference to one value of a stored credential set, for a
 * template that can be committed (`OZON_API_KEY=mkt://…/shop2/apiKey`) in place of the secret.
 * Used by `mkt exec --env-file` and `mkt inject`. A reference names its profile, so it is always
 * that stored set (the profile rule): the environment's keys never stand in for it.
 */
import type { Context, Provider } from './types.js';
import { MktError, NoCredentialsError, UsageError } from './errors.js';
import { quote } from './quote.js';
import { describeHidden, looksLikeSecret } from './secret-like.js';
import { getProvider } from './registry.js';
import { checkProfileName } from './validate.js';
import { profileFlag, resolveCredentials } from './credentials.js';

export const REFERENCE_PREFIX = 'mkt://';

/** Provider id, profile name (docs/configuration.md), field key; the field's word ends the reference. */
const REFERENCE = /mkt:\/\/([a-z][a-z0-9-]{0,31})\/([\p{L}\p{N}][\p{L}\p{N}._-]{0,63})\/([A-Za-z_][A-Za-z0-9_]{0,39})(?![A-Za-z0-9_])/uy;

export interface Reference {
  text: string;
  provider: string;
  profile: string;
  field: string;
  /** Where it starts in the text. */
  index: number;
}

/** Names a place in the template for an error: `.env.mkt line 3`. */
export type Where = (index: number) => string;

/** Every `mkt://` in the text, each a whole reference: a malformed one is an error, never left in as text. */
export function findReferences(text: string, where: Where): Reference[] {
  const refs: Reference[] = [];
  for (let index = text.indexOf(REFERENCE_PREFIX); index >= 0; index = text.indexOf(REFERENCE_PREFIX, index + 1)) {
    // Sticky: matched where it starts, without copying the rest of a large file for each reference.
    REFERENCE.lastIndex = index;
    const m = REFERENCE.exec(text);
    if (!m) {
      const shown = shownReference(/^\S{0,120}/.exec(text.slice(index, index + 120))![0]);
      throw new UsageError(`${where(index)}: ${shown} is not a reference: write ${REFERENCE_PREFIX}<provider>/<profile>/<field>`, [
        'every mkt:// in the file is read as a reference; `mkt providers <provider>` lists the fields',
      ]);
    }
    refs.push({ text: m[0], provider: m[1]!, profile: m[2]!, field: m[3]!, index });
  }
  return refs;
}

/**
 * The value of each reference, from the stored sets it names (each read once). Nothing is returned
 * unless every reference resolves: a program never starts, a file is never written, half filled in.
 * An error names the reference and its place, never a value: unknown provider or field exit 2, a
 * profile that is not stored exit 3.
 */
export async function resolveReferences(ctx: Context, refs: Reference[], where: Where): Promise<Resolved> {
  const values = new Map<string, string>();
  const sets = new Map<string, Promise<Record<string, string>>>();
  const providers = new Set<string>();
  for (const ref of refs) {
    if (values.has(ref.text)) continue;
    try {
      const provider = getProvider(ctx.providers, ref.provider);
      const field = fieldOf(provider, ref.field);
      const profile = checkProfileName(ref.profile);
      const key = `${provider.id}:${profile}`;
      if (!sets.has(key)) sets.set(key, resolveCredentials(ctx, provider, { profile, named: true }).then((r) => r.values));
      const value = (await sets.get(key)!)[field];
      if (value === undefined) throw new NoCredentialsError(`the stored set of ${provider.id} (profile ${profile}) has no ${field}; run \`mkt login ${provider.id}${profileFlag(profile)}\` again`);
      values.set(ref.text, value);
      providers.add(provider.id);
    } catch (error) {
      if (!(error instanceof MktError)) throw error;
      // Not the hint of a command that could also take the environment's set: a reference never does.
      const hints = error instanceof NoCredentialsError ? [`run \`mkt login ${ref.provider}${profileFlag(ref.profile)}\`: a reference always names a stored profile`] : error.hints;
      throw new MktError(`${where(ref.index)}: ${shownReference(ref.text)}: ${error.message}`, error.exitCode, hints);
    }
  }
  return { values, providers: [...providers] };
}

export interface Resolved {
  /** Reference text → value. */
  values: Map<string, string>;
  /** The providers the references name, by id, in their order: for MKT_EXEC and what a command says it did. */
  providers: string[];
}

/** The field by its key or its variable's name (`apiKey`, `OZON_API_KEY`). */
function fieldOf(provider: Provider, name: string): string {
  const field = provider.fields.find((f) => f.key === name || f.env === name);
  if (!field) throw new UsageError(`${provider.id} has no field ${quote(name)} (its fields: ${provider.fields.map((f) => f.key).join(', ')})`);
  return field.key;
}

/** The text with each reference replaced by its value. */
export function substitute(text: string, refs: Reference[], values: Map<string, string>): string {
  let out = '';
  let at = 0;
  for (const ref of refs) {
    out += text.slice(at, ref.index) + values.get(ref.text)!;
    at = ref.index + ref.text.length;
  }
  return out + text.slice(at);
}

/** A reference is quoted in an error unless a part of it reads as a key (one pasted as a profile or field). */
function shownReference(text: string): string {
  return text.split('/').some(looksLikeSecret) ? `a reference ${describeHidden(text)}` : quote(text, 140);
}

/** `.env.mkt line 3`, from an index into the file's text. */
export function lineOf(file: string, text: string): Where {
  return (index) => `${file} line ${text.slice(0, index).split('\n').length}`;
}
