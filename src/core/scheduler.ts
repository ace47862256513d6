/** One piece of work: the account it spends, how many of that account's may run at once, and the work. */
export interface KeyedJob<T> {
  /** Jobs of one key share its limit; undefined: bound only by the overall limit. */
  key?: string;
  /** At most this many jobs of the key in flight (at least 1). */
  perKey: number;
  run(): Promise<T>;
}

/**
 * Runs jobs with at most `limit` in flight overall and at most `perKey` in flight per key, starting
 * them in the order given. A job whose key is busy waits without holding a slot: the next job of
 * another key starts instead. One job's failure does not stop the others (its promise rejects).
 * Returns one promise per job, in the jobs' order.
 */
export function runKeyed<T>(jobs: ReadonlyArray<KeyedJob<T>>, limit: number): Array<Promise<T>> {
  const overall = Math.max(1, Math.floor(limit));
  const waiting = jobs.map((job, index) => ({ job, index }));
  const busy = new Map<string, number>();
  const settle: Array<{ resolve(v: T): void; reject(e: unknown): void }> = [];
  const promises = jobs.map((_, i) => new Promise<T>((resolve, reject) => (settle[i] = { resolve, reject })));
  let running = 0;

  const free = (key: string | undefined, perKey: number): boolean => key === undefined || (busy.get(key) ?? 0) < Math.max(1, perKey);

  function start(entry: { job: KeyedJob<T>; index: number }): void {
    const { job, index } = entry;
    running++;
    if (job.key !== undefined) busy.set(job.key, (busy.get(job.key) ?? 0) + 1);
    let work: Promise<T>;
    try {
      work = job.run();
    } catch (err) {
      work = Promise.reject(err);
    }
    work.then(settle[index]!.resolve, settle[index]!.reject).finally(() => {
      running--;
      if (job.key !== undefined) busy.set(job.key, busy.get(job.key)! - 1);
      pump();
    });
  }

  function pump(): void {
    for (let i = 0; i < waiting.length && running < overall; ) {
      const entry = waiting[i]!;
      if (!free(entry.job.key, entry.job.perKey)) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      start(entry);
    }
  }

  pump();
  return promises;
}
