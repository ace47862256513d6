import type { SecretStore } from '../core/types.js';

/** Secrets in a Map: for unit tests. */
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

let shared: SecretStore | undefined;

/** The registry's memory store: one per process, so a secret set through one opening is read through the next. */
export function sharedMemoryStore(): SecretStore {
  shared ??= createMemoryStore();
  return shared;
}
