import type { Provider } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { didYouMean, similarNames } from './suggest.js';
import { findProvider, providers } from '../providers/index.js';

export function getProvider(name: string): Provider {
  const provider = findProvider(name);
  if (!provider) {
    const ids = providers.map((p) => p.id);
    const hint = didYouMean(similarNames(name.trim().toLowerCase(), ids));
    throw new UsageError(`unknown provider ${quote(name)} (known: ${ids.join(', ')})`, hint ? [hint] : []);
  }
  return provider;
}
