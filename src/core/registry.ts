import type { Provider } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { findProvider, providers } from '../providers/index.js';

export function getProvider(name: string): Provider {
  const provider = findProvider(name);
  if (!provider) {
    throw new UsageError(`unknown provider ${quote(name)} (known: ${providers.map((p) => p.id).join(', ')})`);
  }
  return provider;
}
