import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export type CacheState = 'used' | 'rejected' | 'absent';

export interface LoadedBundle<T> {
  exports: T;
  cache: CacheState;
  /** V8's compiled code for the bundle as it stands now, to be written next to it (scripts/code-cache.mjs). */
  createCachedData(): Buffer;
}

/** The file V8's compiled code for `bundle` is shipped in. */
export const cacheFileOf = (bundle: string): string => `${bundle}.v8cache`;

/** The code cache shipped beside `bundle`; none in a build without one, or a copied dist/. */
export function shippedCache(bundle: string): Buffer | undefined {
  try {
    return readFileSync(cacheFileOf(bundle));
  } catch {
    return undefined;
  }
}

/**
 * Loads a CommonJS bundle the way require() would, but hands V8 the code it compiled before
 * (`cachedData`: by default the cache shipped beside the bundle). Node 20 has no compile cache of its
 * own (module.enableCompileCache arrived in 22), and compiling the CLI bundle is the larger part of
 * its start-up. V8 checks the cache against its own version and flags, and compiles from source when
 * it does not fit (another Node, other V8 flags): `cache` says which it was.
 */
export function loadBundle<T>(bundle: string, cachedData: Buffer | undefined = shippedCache(bundle)): LoadedBundle<T> {
  // Same wrapper as require(), on the first line, so stack traces keep the bundle's line numbers.
  // The bundle is pure ASCII (scripts/build.mjs, writeOutputs): latin1 reads the same string without UTF-8 checks.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`;
  // No importModuleDynamically: code from a cache loses it on Node 20, so the bundle has no import()
  // (scripts/build.mjs turns them into require() and fails the build if one is left).
  const script = new Script(source, { filename: bundle, cachedData });
  const module = { exports: {} as T };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cache: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used',
    createCachedData: () => script.createCachedData(),
  };
}
