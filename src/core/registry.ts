import type { Provider, ProviderRegistry } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';

export function getProvider(registry: ProviderRegistry, name: string): Provider {
  const provider = registry.find(name);
  if (!provider) {
    throw new UsageError(`unknown provider ${quote(name)} (known: ${registry.all.map((p) => p.id).join(', ')})`);
  }
  return provider;
}
