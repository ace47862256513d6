/**
 * The composition of a run's provider registry: the built-ins (src/providers/index.ts) and the
 * user's specs in `<configDir>/providers/*.json`. Here, in cli/, because it reads files and names
 * the built-in list; core is handed the result through its Context.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Provider, ProviderRegistry, SpecProblem } from '../core/types.js';
import { builtInProviders, builtInRegistry } from '../providers/index.js';
import { createRegistry } from '../providers/registry.js';
import { PROVIDER_ID, providerFromSpec, type TakenNames } from '../providers/user-spec.js';
import { SpecError, shown } from '../providers/spec-node.js';

/**
 * The registry of a run: the built-ins and `<configDir>/providers/*.json`, read on first use — so
 * `--version` and `--help` never open the directory.
 */
export function lazyRegistry(configDir: string): ProviderRegistry {
  let loaded: ProviderRegistry | undefined;
  const registry = () => (loaded ??= loadRegistry(configDir));
  return {
    get all() {
      return registry().all;
    },
    find: (name) => registry().find(name),
    names: () => registry().names(),
    get problems() {
      return registry().problems;
    },
    problemFor: (name) => registry().problemFor(name),
  };
}

/** Larger than any spec needs: a file this big is not one. */
const MAX_SPEC_BYTES = 256 * 1024;
/** Formats people may reach for: said to be unread rather than silently ignored. */
const OTHER_FORMATS = /\.(ya?ml|toml)$/;

/** Each bad file is one problem; the built-ins and the other specs load regardless. */
export function loadRegistry(configDir: string): ProviderRegistry {
  const dir = join(configDir, 'providers');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return builtInRegistry;
    return createRegistry(builtInProviders, [{ id: '', file: 'providers/', path: dir, message: `providers/: cannot read the directory (${code ?? 'error'})` }]);
  }
  const taken = builtInNames();
  const users: Provider[] = [];
  const problems: SpecProblem[] = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const path = join(dir, name);
    // A file name is anything the file system allows: quoted when it could break the error line.
    const file = `providers/${/^[\x21-\x7e]+$/.test(name) ? name : shown(name)}`;
    const id = name.replace(/\.[^.]*$/, '').toLowerCase();
    if (OTHER_FORMATS.test(name)) {
      problems.push({ id, file, path, message: `${file}: only JSON specs are read: write it as providers/${id}.json` });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      if (!PROVIDER_ID.test(name.slice(0, -5))) throw new SpecError('', 'the file name must be <id>.json, the id a-z, 0-9 and -, starting with a letter, at most 32');
      const { provider, envs } = providerFromSpec(readSpec(path), { id, path }, taken);
      users.push(provider);
      taken.ids.set(id, `defined by ${file}`);
      for (const env of envs) taken.envs.set(env, `${id} (${file})`);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      problems.push({ id, file, path, message: `${file}: ${err.message}` });
    }
  }
  return createRegistry([...builtInProviders, ...users], problems);
}

function builtInNames(): TakenNames & { ids: Map<string, string>; envs: Map<string, string> } {
  const ids = new Map<string, string>();
  const envs = new Map<string, string>();
  for (const p of builtInProviders) {
    ids.set(p.id, `the built-in ${p.title}`);
    for (const env of [p.baseUrlEnv, ...p.fields.map((f) => f.env)]) envs.set(env, `the built-in ${p.id}`);
  }
  for (const p of builtInProviders) for (const alias of p.aliases ?? []) ids.set(alias, `a name of the built-in ${p.id}`);
  return { ids, envs };
}

function readSpec(path: string): unknown {
  let text: string;
  try {
    // A FIFO or a device named *.json would block the read forever.
    const stat = statSync(path);
    if (!stat.isFile()) throw new SpecError('', 'not a regular file');
    if (stat.size > MAX_SPEC_BYTES) throw new SpecError('', `larger than ${MAX_SPEC_BYTES / 1024} KB`);
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof SpecError) throw err;
    throw new SpecError('', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SpecError('', `not valid JSON: ${jsonProblem((err as Error).message, text)}`);
  }
}

/** V8's reason without the piece of the file it quotes, and where: line and column, not a byte position. */
function jsonProblem(message: string, text: string): string {
  const reason = message.split('\n')[0]!.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '');
  const position = /at position (\d+)/.exec(reason);
  if (!position) return reason;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${reason.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
}
