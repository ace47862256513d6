import { FixedWindows, InFlight, type WindowResult } from './rate-limit.js';
import type { Reply } from './respond.js';
import type { Caller } from './yandex-auth.js';
import { yandexError } from './yandex-errors.js';

/**
 * The hourly limits of the methods served that count requests: the spec's `x-resource-limit-config`
 * (`path: resp`, `period: hours`) of `POST /v2/auth/token`, `GET /v2/campaigns` and
 * `GET /v2/campaigns/{campaignId}`. Keys are the resource names Yandex uses in its 420 message.
 */
export const HOURLY_LIMITS = { 'auth/token': 100, campaigns: 1000, 'campaigns/{campaignId}': 5000 } as const;
export type Resource = keyof typeof HOURLY_LIMITS;

const HOUR_MS = 3_600_000;

/** Every answer of a limited method says where its hourly limit stands (docs: concepts/limits). */
function resourceHeaders(w: WindowResult): Record<string, string> {
  return {
    'X-RateLimit-Resource-Limit': String(w.limit),
    'X-RateLimit-Resource-Remaining': String(w.remaining),
    'X-RateLimit-Resource-Until': new Date(w.resetAt).toUTCString(),
  };
}

const rateLimited = (message: string, headers: Record<string, string>): Reply => yandexError(420, 'LIMIT_EXCEEDED', message, headers);

/** Yandex's two limits: requests in flight at once (global), and requests per hour per method. */
export class YandexLimits {
  private readonly hourly: Map<Resource, FixedWindows>;
  private readonly inFlight: InFlight;

  constructor(limits: Record<Resource, number>, parallel: number) {
    this.hourly = new Map(Object.entries(limits).map(([r, n]) => [r as Resource, new FixedWindows(n, HOUR_MS)]));
    this.inFlight = new InFlight(parallel);
  }

  /**
   * Counts one request: the 420 to answer instead, or the headers for the answer. A request over the
   * parallel limit is not counted against the hour, and its 420 carries the hour's headers as every
   * answer does — with requests remaining, which is how a client tells the two 420s apart.
   */
  admit(caller: Caller, resource: Resource | undefined, now: number, onClose: (fn: () => void) => void): { headers: Record<string, string> } | Reply {
    const windows = resource && this.hourly.get(resource);
    const release = this.inFlight.acquire(caller.token);
    if (!release) {
      const headers = windows ? resourceHeaders(windows.peek(caller.token, now)) : {};
      return rateLimited(`Hit rate limit of ${this.inFlight.limit} parallel requests for ${caller.entity}`, headers);
    }
    onClose(release);
    if (!windows) return { headers: {} };
    const w = windows.hit(caller.token, now);
    if (!w.ok) return rateLimited(`Hit rate limit of ${w.limit} requests per hour for resource '${String(resource)}' for ${caller.entity}`, resourceHeaders(w));
    return { headers: resourceHeaders(w) };
  }

  reset(): void {
    for (const w of this.hourly.values()) w.reset();
    this.inFlight.reset();
  }
}
