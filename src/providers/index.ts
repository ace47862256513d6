import type { Provider } from '../core/types.js';
import { createRegistry, type ProviderRegistry } from './registry.js';
import { ozon } from './ozon.js';
import { yandex } from './yandex.js';
import { ozzie } from './ozzie.js';

/** The built-in providers, one line each: adding one is its file plus a line here. */
export const builtInProviders: readonly Provider[] = [ozon, yandex, ozzie];

/** The built-ins only; commands use the run's registry (`ctx.providers`), which adds the user's specs. */
export const providers = builtInProviders;

/** Common names users type for a provider. */
export const BUILT_IN_ALIASES: Readonly<Record<string, string>> = { 'yandex-market': 'yandex', ym: 'yandex', market: 'yandex' };

export const builtInRegistry: ProviderRegistry = createRegistry(builtInProviders, BUILT_IN_ALIASES);
