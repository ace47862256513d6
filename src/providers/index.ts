import type { Provider } from './types.js';
import { createRegistry, type ProviderRegistry } from './registry.js';
import { ozon } from './ozon.js';
import { yandex } from './yandex.js';
import { ozzie } from './ozzie.js';
import { ozonPerformance } from './ozon-performance.js';
import { wb } from './wb.js';

/** The built-in providers, one line each: adding one is its file plus a line here. */
export const builtInProviders: readonly Provider[] = [ozon, yandex, ozzie, ozonPerformance, wb];

export const builtInRegistry: ProviderRegistry = createRegistry(builtInProviders);
