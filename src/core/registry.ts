import type { Provider, ProviderRegistry, SpecProblem } from './types.js';
import { quote } from './quote.js';
import { UsageError } from './errors.js';
import { didYouMean, similarNames } from './suggest.js';

export function getProvider(registry: ProviderRegistry, name: string): Provider {
  const provider = registry.find(name);
  if (provider) return provider;
  const problem = registry.problemFor(name);
  if (problem) throw specProblemError(problem);
  const hint = didYouMean(similarNames(name.trim().toLowerCase(), registry.names()));
  const notLoaded = registry.problems.length ? [`not loaded: ${registry.problems.map((p) => p.file).join(', ')} (see \`mkt providers\`)`] : [];
  throw new UsageError(`unknown provider ${quote(name)} (known: ${registry.all.map((p) => p.id).join(', ')})`, [...(hint ? [hint] : []), ...notLoaded]);
}

/** A command that names a provider whose spec is broken: the spec's one line, exit 2. */
export function specProblemError(problem: SpecProblem): UsageError {
  return new UsageError(problem.message, [`fix ${problem.path}, or move it out of the providers directory; the built-in providers are not affected`]);
}
