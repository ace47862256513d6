import type { Provider } from './types.js';

/** A user spec file that could not be loaded: the one line that says which file, which key and why. */
export interface SpecProblem {
  /** The provider id the file is named for (`acme` for `providers/acme.json`). */
  id: string;
  /** As messages name it: `providers/acme.json`. */
  file: string;
  /** The file's full path, for the hint that says where to fix it. */
  path: string;
  /** `providers/acme.json: auth.headers.X-Key: unknown field {tokn} (fields: token)`. */
  message: string;
}

/** The providers mkt knows in this run: the built-ins and the user's valid specs. */
export interface ProviderRegistry {
  readonly all: readonly Provider[];
  /** By id or alias, case- and space-insensitive. */
  find(name: string): Provider | undefined;
  /** Every name `find` accepts, ids first: for "did you mean" and completion. */
  names(): string[];
  /** The spec files that were not loaded; the built-ins never depend on them. */
  readonly problems: readonly SpecProblem[];
  /** The problem of the spec file for this name, when that is why `find` knows no such provider. */
  problemFor(name: string): SpecProblem | undefined;
}

const normal = (name: string): string => name.trim().toLowerCase();

export function createRegistry(providers: readonly Provider[], problems: readonly SpecProblem[] = []): ProviderRegistry {
  const byName = new Map<string, Provider>();
  for (const p of providers) {
    for (const name of [p.id, ...(p.aliases ?? [])]) {
      const taken = byName.get(name);
      if (taken) throw new Error(`provider name ${name} is used twice (${taken.id}, ${p.id})`);
      byName.set(name, p);
    }
  }
  return {
    all: providers,
    find: (name) => byName.get(normal(name)),
    names: () => [...byName.keys()],
    problems,
    problemFor: (name) => problems.find((p) => p.id !== '' && p.id === normal(name)),
  };
}

/** "ozon, yandex or ozzie": the ids as a help text or an error message says them. */
export function listIds(registry: ProviderRegistry, conjunction = 'or'): string {
  const ids = registry.all.map((p) => p.id);
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} ${conjunction} ${ids.at(-1)}`;
}
