import type { ConfigIndex, Context, Env, ProfileEntry, SecretStore } from '../../src/core/types.js';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createNodeClient } from '../../src/http/node-client.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { openCatalogs } from '../../src/catalog/load.js';

/** An in-memory config index: same contract as the file one, no disk. */
export function memoryConfig(initial: ProfileEntry[] = []): ConfigIndex {
  const entries = new Map(initial.map((e) => [`${e.provider}:${e.profile}`, e]));
  const chosen = new Map<string, string>();
  // Locks within the process, as the file index's hold among processes.
  const held = new Map<string, Promise<unknown>>();
  return {
    list: async () => [...entries.values()],
    get: async (p, n) => entries.get(`${p}:${n}`),
    put: async (e) => void entries.set(`${e.provider}:${e.profile}`, e),
    update: async (p, n, patch) => {
      const e = entries.get(`${p}:${n}`);
      if (e) entries.set(`${p}:${n}`, { ...e, ...patch });
    },
    remove: async (p, n) => {
      if (chosen.get(p) === n) chosen.delete(p);
      return entries.delete(`${p}:${n}`);
    },
    defaults: async () => Object.fromEntries(chosen),
    setDefault: async (p, n) => void (n === undefined ? chosen.delete(p) : chosen.set(p, n)),
    transaction: (fn) => fn(),
    lock: (name, fn) => {
      const run = (held.get(name) ?? Promise.resolve()).catch(() => undefined).then(fn);
      held.set(name, run);
      return run;
    },
  };
}

export function mapStore(data = new Map<string, string>()): SecretStore & { data: Map<string, string> } {
  return {
    kind: 'memory',
    data,
    get: async (a) => data.get(a),
    set: async (a, s) => void data.set(a, s),
    delete: async (a) => data.delete(a),
    ready: async () => {},
    accounts: async () => [...data.keys()].sort(),
  };
}

/** A context for core functions: memory store and config, real loopback HTTP, captured output. */
export function testContext(env: Env = {}, store = mapStore(), config = memoryConfig()): Context & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const http = createNodeClient();
  const catalogs = openCatalogs({ dir: fileURLToPath(new URL('../../src/catalog/index', import.meta.url)) });
  return {
    io: { stdout, stderr, stdin: new PassThrough() },
    env,
    providers: builtInRegistry,
    store: async () => store,
    config,
    http: async () => http,
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
    catalogs: async () => catalogs,
    out: () => out,
    err: () => err,
  };
}
