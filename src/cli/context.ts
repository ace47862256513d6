import type { Clock, Context, HttpClient, SecretStore, StoreKind } from '../core/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConfigIndex, configDir } from '../store/config-index.js';
import { openStore } from '../store/registry.js';
import { lazyRegistry } from './provider-registry.js';
import { askPassphrase } from './passphrase-prompt.js';
import { flushed, lazyStdio } from './stdio.js';

export interface ProcessContext extends Context {
  dispose(): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/** The real context: process streams and env, stores and HTTP clients created on first use. */
export function createProcessContext(): ProcessContext {
  const env = process.env;
  const dir = configDir(env);
  const stores = new Map<StoreKind, Promise<SecretStore>>();
  const clients = new Map<string, Promise<HttpClient>>();
  const io = {
    stdout: lazyStdio(1, () => process.stdout),
    stderr: lazyStdio(2, () => process.stderr),
    // Created on first use, like the other two: most commands never read stdin.
    get stdin() {
      return process.stdin;
    },
  };
  return {
    io,
    env,
    providers: lazyRegistry(dir),
    config: createConfigIndex(dir),
    clock: systemClock,
    catalogs: () => import('../catalog/load.js').then((m) => m.sessionCatalogs()),
    store(kind) {
      if (!stores.has(kind)) {
        // The store's module is imported by its registry entry, now (src/store/registry.ts).
        stores.set(kind, openStore(kind, {
          env,
          configDir: dir,
          // A getter: asking stdin whether it is a terminal creates process.stdin (~1 ms), needed only for a prompt.
          get promptPassphrase() {
            return io.stdin.isTTY && io.stderr.isTTY ? askPassphrase : undefined;
          },
        }));
      }
      return stores.get(kind)!;
    },
    http(kind = 'oneshot') {
      if (!clients.has(kind)) {
        clients.set(kind, import('../http/node-client.js').then((m) => m.createNodeClient(kind === 'pooled' ? { connections: 1 } : {})));
      }
      return clients.get(kind)!;
    },
    async dispose() {
      for (const client of clients.values()) await (await client).close().catch(() => {});
      await Promise.all([flushed(io.stdout), flushed(io.stderr)]);
    },
  };
}
