import type { Provider } from '../core/types.js';
import { ozon } from './ozon.js';
import { yandex } from './yandex.js';
import { ozzie } from './ozzie.js';

export const providers: readonly Provider[] = [ozon, yandex, ozzie];

/** Common names users type for a provider. */
const ALIASES: Record<string, string> = { 'yandex-market': 'yandex', ym: 'yandex', market: 'yandex' };

export function findProvider(name: string): Provider | undefined {
  const id = name.trim().toLowerCase();
  return providers.find((p) => p.id === (ALIASES[id] ?? id));
}

