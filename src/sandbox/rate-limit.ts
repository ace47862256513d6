/** Per-key token bucket: `ratePerSecond` sustained, bursts up to one second's worth. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly ratePerSecond: number) {}

  take(key: string, now: number): boolean {
    const capacity = Math.max(1, this.ratePerSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}

export interface WindowResult {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the window ends and the count starts again. */
  resetAt: number;
}

/**
 * Per-key fixed windows aligned to multiples of `windowMs` since the epoch. Aligned
 * windows end on whole seconds, so their end is exact in second-resolution headers
 * (RFC 822 dates, unix seconds) and a client that waits until then is let in.
 */
export class FixedWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(key: string, now: number): WindowResult {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    const ok = w.count < this.limit;
    if (ok) w.count += 1;
    return { ok, limit: this.limit, remaining: Math.max(0, this.limit - w.count), resetAt: start + this.windowMs };
  }

  /** The state without counting a request. */
  peek(key: string, now: number): WindowResult {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    const w = this.windows.get(key);
    const count = w && w.start === start ? w.count : 0;
    return { ok: count < this.limit, limit: this.limit, remaining: Math.max(0, this.limit - count), resetAt: start + this.windowMs };
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Requests in flight per key. */
export class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** A release function, or undefined when the key already has `limit` requests in flight. */
  acquire(key: string): (() => void) | undefined {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.limit) return undefined;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  reset(): void {
    this.counts.clear();
  }
}
