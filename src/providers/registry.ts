import type { Provider } from './types.js';

/** The providers mkt knows in this run: the built-ins, and later the user's own. */
export interface ProviderRegistry {
  readonly all: readonly Provider[];
  /** By id or alias, case- and space-insensitive. */
  find(name: string): Provider | undefined;
  /** Every name `find` accepts, ids first: for "did you mean" and completion. */
  names(): string[];
}

export function createRegistry(providers: readonly Provider[]): ProviderRegistry {
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
    find: (name) => byName.get(name.trim().toLowerCase()),
    names: () => [...providers.map((p) => p.id), ...providers.flatMap((p) => p.aliases ?? [])],
  };
}

/** "ozon, yandex or ozzie": the ids as a help text or an error message says them. */
export function listIds(registry: ProviderRegistry, conjunction = 'or'): string {
  const ids = registry.all.map((p) => p.id);
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} ${conjunction} ${ids.at(-1)}`;
}
