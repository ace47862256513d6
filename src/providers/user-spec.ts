import type { Provider } from './types.js';
import { SpecNode, shown } from './spec-node.js';
import { claimEnv, readAuth, readFields, type TakenNames } from './spec-fields.js';
import { readVerify } from './spec-verify.js';
import { readErrors, readPace, readRateLimit, readReadOnly } from './spec-rules.js';
import { readPagination } from './spec-pages.js';
import { baseUrlProblem } from './base-url-rule.js';

export type { TakenNames } from './spec-fields.js';

/**
 * A provider id: it names the spec file, goes into keychain accounts (`<id>:<profile>`), hints and
 * every status line, so a plain lower-case word.
 */
export const PROVIDER_ID = /^[a-z][a-z0-9-]{0,31}$/;

const KEYS = ['id', 'title', 'docsUrl', 'baseUrl', 'baseUrlEnv', 'fields', 'auth', 'verify', 'errors', 'rateLimit', 'paginate', 'readOnly', 'pace', 'guide'] as const;
const REQUIRED = ['id', 'title', 'docsUrl', 'baseUrl', 'baseUrlEnv', 'fields', 'auth', 'verify'] as const;

/**
 * A user spec (the parsed JSON of `providers/<id>.json`) as a Provider, every key checked; throws a
 * SpecError naming the key. `envs` are the variables it claimed, for the specs read after it.
 */
export function providerFromSpec(json: unknown, source: { id: string; path: string }, taken: TakenNames): { provider: Provider; envs: string[] } {
  const root = new SpecNode(json);
  const s = root.object(KEYS, REQUIRED);
  const id = s.id!.string({ pattern: PROVIDER_ID, expected: 'a provider id: a-z, 0-9 and -, starting with a letter, at most 32' });
  if (id !== source.id) s.id!.fail(`${shown(id)} does not match the file name (${source.id}.json)`);
  const owner = taken.ids.get(id);
  if (owner) s.id!.fail(`${id} is ${owner}; a spec cannot replace it: give the file and its id another name`);
  const envs = new Map<string, string>();
  const baseUrl = readBaseUrl(s.baseUrl!);
  const baseUrlEnv = claimEnv(s.baseUrlEnv!, taken, envs);
  const fields = readFields(s.fields!, taken, envs);
  const auth = readAuth(s.auth!, fields);
  const readOnly = readReadOnly(s.readOnly);
  const rateLimit = readRateLimit(s.rateLimit);
  const docsUrl = s.docsUrl!.string(undefined, 300);
  if (!/^https:\/\/\S+$/.test(docsUrl)) s.docsUrl!.fail('must be an https URL: where the facts of this spec come from');
  const provider: Provider = {
    id,
    title: s.title!.string(undefined, 80),
    docsUrl,
    baseUrl,
    baseUrlEnv,
    fields,
    ...auth,
    verify: readVerify(s.verify!, readOnly),
    ...readErrors(s.errors, rateLimit.statuses),
    rateLimit,
    pace: readPace(s.pace),
    readOnly,
    ...(s.paginate ? { paginate: readPagination(s.paginate) } : {}),
    guide: s.guide?.array(20).map((line) => line.string(undefined, 300)) ?? [`See ${docsUrl}`],
    specFile: source.path,
  };
  return { provider, envs: [...envs.keys()] };
}

function readBaseUrl(node: SpecNode): string {
  const text = node.string(undefined, 300);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    node.fail(`${shown(text)} is not a URL`);
  }
  const problem = baseUrlProblem(url);
  if (problem) node.fail(problem);
  return text;
}
