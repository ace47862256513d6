/**
 * Where completion finds the names that are not in the command definitions: the provider registry
 * (the built-ins and the user's specs), the profiles in the config index (no keychain, no network)
 * and the shipped endpoint catalog. Each is read only when the word being typed needs it; one that
 * cannot be read offers nothing rather than an error in the middle of the user's command line.
 */
import type { Env, ProviderRegistry } from '../../core/types.js';
import { METHODS } from '../../providers/types.js';
import { loadRegistry } from '../provider-registry.js';
import { configDir, createConfigIndex } from '../../store/config-index.js';
import { openCatalogs } from '../../catalog/load.js';
import { CatalogError } from '../../catalog/types.js';
import { StoreError } from '../../core/errors.js';
import type { Candidate, Sources } from './complete.js';

export function completionSources(env: Env): Sources {
  const dir = configDir(env);
  let registry: ProviderRegistry | undefined;
  const providers = () => (registry ??= loadRegistry(dir));
  const idOf = (name: string) => providers().find(name)?.id;
  return {
    methods: METHODS,
    providers: () => providers().all.flatMap((p) => [p.id, ...(p.aliases ?? [])].map((value) => ({ value, description: p.title }))),
    async profiles(provider) {
      const id = provider === undefined ? undefined : idOf(provider);
      const entries = await offerNothingOn(StoreError, () => createConfigIndex(dir).list());
      const stored = new Map<string, string[]>();
      for (const { provider: of, profile } of entries) if (id === undefined || of === id) stored.set(profile, [...(stored.get(profile) ?? []), of]);
      return [...stored].map(([value, of]) => ({ value, description: `stored for ${of.join(', ')}` }));
    },
    async paths(provider, method) {
      const id = idOf(provider);
      if (id === undefined) return [];
      const operations = await offerNothingOn(CatalogError, async () => openCatalogs().catalog(id).operations);
      return operations.filter((op) => method === undefined || op.method === method).map((op): Candidate => ({ value: op.path, description: op.title }));
    },
  };
}

/** A corrupt config index or a provider without a catalog: nothing to offer. Anything else is a bug. */
async function offerNothingOn<T>(expected: new (...args: never[]) => Error, read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof expected) return [];
    throw err;
  }
}
