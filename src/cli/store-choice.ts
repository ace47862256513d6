import { Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { envValue } from '../core/env-vars.js';
import { quote } from '../core/quote.js';
import type { Env, StoreKind } from '../core/types.js';
import { DEFAULT_STORE, USER_STORES } from '../store/registry.js';

/** `login --store`: the choices are the registry's user stores; commander checks a typed value. */
export function storeOption(): Option {
  return new Option('--store <kind>', `where to keep the secret (default: MKT_STORE, else ${DEFAULT_STORE})`).choices(USER_STORES);
}

/** --store, else MKT_STORE (checked here: commander would quote a key put there by mistake), else the default. */
export function chosenStore(flag: StoreKind | undefined, env: Env): StoreKind {
  if (flag !== undefined) return flag;
  const fromEnv = envValue(env, 'MKT_STORE');
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_STORE;
  const kind = USER_STORES.find((k) => k === fromEnv);
  if (!kind) throw new UsageError(`MKT_STORE ${quote(fromEnv)} is not a store mkt offers: use ${USER_STORES.join(' or ')}`);
  return kind;
}
