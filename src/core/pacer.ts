import type { Clock } from './types.js';

/**
 * Spaces request starts at least 1/perSecond apart, so a long run stays under the provider's limit
 * (Ozon: 50 req/s per Client-Id) and the server's 429/420 is the exception, not the rhythm.
 */
export function createPacer(clock: Clock, perSecond: number): () => Promise<void> {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = clock.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await clock.sleep(at - now);
  };
}
