import type { SecretStore } from '../core/types.js';

/** Secrets in a Map: for unit tests and `--store memory`. */
export function createMemoryStore(initial: Record<string, string> = {}): SecretStore {
  const secrets = new Map(Object.entries(initial));
  return {
    kind: 'memory',
    async get(account) {
      return secrets.get(account);
    },
    async set(account, secret) {
      secrets.set(account, secret);
    },
    async delete(account) {
      return secrets.delete(account);
    },
    async ready() {},
    async accounts() {
      return [...secrets.keys()].sort();
    },
  };
}
