import type { Clock } from './types.js';

/**
 * Spaces request starts at least 1/perSecond apart, so a long run stays under the provider's limit
 * (Ozon: 50 req/s per Client-Id) and the server's 429/420 is the exception, not the rhythm. With a
 * `burst` above 1, that many may start together, the rate still held over any longer stretch (GCRA):
 * whoami's identity call and its detail call go out at once instead of one gap apart.
 */
export function createPacer(clock: Clock, perSecond: number, burst = 1): () => Promise<void> {
  const gap = 1000 / perSecond;
  const slack = (Math.max(1, Math.floor(burst)) - 1) * gap;
  let next = 0;
  return async () => {
    const now = clock.now();
    const at = Math.max(now, next - slack);
    next = Math.max(next, at) + gap;
    if (at > now) await clock.sleep(at - now);
  };
}
