import type { ConfigIndex, ProfileEntry } from './types.js';

/**
 * The config index as one run over many profiles uses it: the dates of checks written together at
 * the end (each write takes the index's lock and syncs the disk twice). Reads go straight through:
 * the file index parses the file once per version of it (src/store/config-index.ts), so a read per
 * profile costs a stat, and a write by another process is still seen.
 */
export function runIndex(config: ConfigIndex): ConfigIndex & { flush(): Promise<void> } {
  const patches = new Map<string, { provider: string; profile: string; patch: Partial<ProfileEntry> }>();
  return {
    list: () => config.list(),
    get: (provider, profile) => config.get(provider, profile),
    defaults: () => config.defaults(),
    put: (entry) => config.put(entry),
    async update(provider, profile, patch) {
      const key = `${provider}:${profile}`;
      patches.set(key, { provider, profile, patch: { ...patches.get(key)?.patch, ...patch } });
    },
    remove: (provider, profile) => config.remove(provider, profile),
    setDefault: (provider, profile) => config.setDefault(provider, profile),
    transaction: (fn) => config.transaction(fn),
    lock: (name, fn) => config.lock(name, fn),
    ...(config.updateMany ? { updateMany: config.updateMany.bind(config) } : {}),
    async flush() {
      const all = [...patches.values()];
      patches.clear();
      if (all.length === 0) return;
      if (config.updateMany) await config.updateMany(all);
      else for (const p of all) await config.update(p.provider, p.profile, p.patch);
    },
  };
}
