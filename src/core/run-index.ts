import type { ConfigIndex, ProfileEntry } from './types.js';

/**
 * The config index as one run over many profiles uses it: read once (each read of the file parses
 * every entry, so a read per profile grows with the square of their number), and the dates of
 * checks written together at the end (each write takes the index's lock and syncs the disk twice).
 * Any other write goes through at once and drops what was read.
 */
export function runIndex(config: ConfigIndex): ConfigIndex & { flush(): Promise<void> } {
  let entries: Promise<Map<string, ProfileEntry>> | undefined;
  let chosen: Promise<Record<string, string>> | undefined;
  const patches = new Map<string, { provider: string; profile: string; patch: Partial<ProfileEntry> }>();
  const forget = (): void => {
    entries = undefined;
    chosen = undefined;
  };
  const read = (): Promise<Map<string, ProfileEntry>> => (entries ??= config.list().then((list) => new Map(list.map((e) => [`${e.provider}:${e.profile}`, e]))));
  const writing = async <T>(write: () => Promise<T>): Promise<T> => {
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  };
  return {
    list: async () => [...(await read()).values()],
    get: async (provider, profile) => (await read()).get(`${provider}:${profile}`),
    defaults: () => (chosen ??= config.defaults()),
    put: (entry) => writing(() => config.put(entry)),
    async update(provider, profile, patch) {
      const key = `${provider}:${profile}`;
      patches.set(key, { provider, profile, patch: { ...patches.get(key)?.patch, ...patch } });
    },
    remove: (provider, profile) => writing(() => config.remove(provider, profile)),
    setDefault: (provider, profile) => writing(() => config.setDefault(provider, profile)),
    transaction: (fn) => writing(() => config.transaction(fn)),
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
