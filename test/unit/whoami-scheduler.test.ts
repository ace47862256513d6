import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runKeyed, type KeyedJob } from '../../src/core/scheduler.js';
import { createPacer } from '../../src/core/pacer.js';
import { runWhoami, type BudgetMemory, type BudgetState } from '../../src/core/whoami-run.js';
import { whoamiExitCode, whoamiTargets, type WhoamiResult } from '../../src/core/whoami.js';
import { UNNAMED } from '../../src/core/credentials.js';
import { createRegistry } from '../../src/providers/registry.js';
import type { HttpRequest, ProfileEntry, Provider } from '../../src/core/types.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';

/** Jobs whose ends the test decides, recording what ran at once. */
function controlled(keys: Array<string | undefined>, perKey = 1) {
  const ends: Array<{ ok(): void; fail(): void }> = [];
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const byKey = new Map<string, number>();
  let peakPerKey = 0;
  const jobs: Array<KeyedJob<number>> = keys.map((key, i) => ({
    key,
    perKey,
    run: () => new Promise<number>((resolve, reject) => {
      log.push(`start ${i}`);
      running++;
      peak = Math.max(peak, running);
      if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      peakPerKey = Math.max(peakPerKey, ...byKey.values());
      const done = () => {
        running--;
        if (key) byKey.set(key, byKey.get(key)! - 1);
      };
      ends[i] = { ok: () => (done(), resolve(i)), fail: () => (done(), reject(new Error(`job ${i} failed`))) };
    }),
  }));
  return { jobs, ends, log, peak: () => peak, peakPerKey: () => peakPerKey };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('runKeyed: bounded overall, exclusive per key, in order', () => {
  it('starts at most `limit` jobs at once, in the order given, and starts the next as one ends', async () => {
    const c = controlled([undefined, undefined, undefined, undefined, undefined]);
    const results = runKeyed(c.jobs, 2);
    await tick();
    expect(c.log).toEqual(['start 0', 'start 1']);
    c.ends[1]!.ok();
    await tick();
    expect(c.log).toEqual(['start 0', 'start 1', 'start 2']);
    for (const i of [0, 2, 3, 4]) {
      await tick();
      c.ends[i]!.ok();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(c.peak()).toBe(2);
  });

  it('a job whose key is busy waits without holding a slot: a job of another key starts instead', async () => {
    const c = controlled(['a', 'a', 'a', 'b', 'c']);
    const results = runKeyed(c.jobs, 3);
    await tick();
    expect(c.log).toEqual(['start 0', 'start 3', 'start 4']);
    c.ends[0]!.ok();
    await tick();
    expect(c.log.at(-1)).toBe('start 1');
    c.ends[1]!.ok();
    await tick();
    c.ends[2]!.ok();
    c.ends[3]!.ok();
    c.ends[4]!.ok();
    await Promise.all(results);
    expect(c.peakPerKey()).toBe(1);
  });

  it('perKey lets that many of one key run together', async () => {
    const c = controlled(['a', 'a', 'a', 'a'], 2);
    const results = runKeyed(c.jobs, 10);
    await tick();
    expect(c.log).toEqual(['start 0', 'start 1']);
    for (const i of [0, 1, 2, 3]) {
      c.ends[i]!.ok();
      await tick();
    }
    await Promise.all(results);
    expect(c.peakPerKey()).toBe(2);
  });

  it('one failure does not stop the others: its promise rejects, the rest resolve', async () => {
    const c = controlled(['a', 'a', 'b']);
    const results = Promise.allSettled(runKeyed(c.jobs, 1));
    await tick();
    c.ends[0]!.fail();
    await tick();
    c.ends[1]!.ok();
    await tick();
    c.ends[2]!.ok();
    const settled = await results;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('a job that throws before its promise is made is a rejected row, not a stopped run', async () => {
    const results = runKeyed([{ perKey: 1, run: () => { throw new Error('sync'); } }, { perKey: 1, run: async () => 2 }], 1);
    expect((await Promise.allSettled(results)).map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
  });
});

/** Virtual time: sleep() resolves when the test's driver moves the clock to it, never by itself. */
function fakeClock() {
  let now = Date.parse('2026-12-02T13:10:00Z');
  const timers: Array<{ at: number; resolve(): void }> = [];
  return {
    clock: { now: () => now, sleep: (ms: number) => new Promise<void>((resolve) => void timers.push({ at: now + ms, resolve })) },
    /** Runs until `done` settles: lets every ready callback run, then moves to the earliest timer. */
    async drive<T>(done: Promise<T>): Promise<T> {
      let finished = false;
      void done.finally(() => (finished = true)).catch(() => {});
      while (!finished) {
        await tick();
        if (finished || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.resolve();
      }
      return done;
    },
  };
}

/** A provider of this test: one id field, one secret, an identity check at POST /check (a budget when asked). */
function testProvider(pace: Provider['pace'], budget = false): Provider {
  return {
    id: 'acme', title: 'Acme', docsUrl: 'https://acme.example', baseUrl: 'https://api.acme.example', baseUrlEnv: 'ACME_URL',
    fields: [
      { key: 'seller', label: 'Seller', secret: false, env: 'ACME_SELLER', hint: '' },
      { key: 'key', label: 'Key', secret: true, env: 'ACME_KEY', hint: '' },
    ],
    authorize: (c) => ({ 'x-seller': c.seller ?? '', 'x-key': c.key ?? '' }),
    verify: () => ({
      request: { method: 'POST', path: '/check' },
      identity: (json) => (json && typeof json === 'object' && 'ok' in json ? { lines: [['seller', 'ok']], warnings: [], data: {} } : undefined),
      ...(budget ? { budget: { id: 'check', rule: 'Acme allows 2 checks an hour (POST /check)', read: (h: Record<string, string>) => (h['x-left'] === undefined ? undefined : { remaining: Number(h['x-left']), until: Number(h['x-until']) }) } } : {}),
    }),
    classify: (status) => (status === 401 ? 'auth' : status === 429 ? 'rate_limit' : undefined),
    errorMessage: () => undefined,
    rateLimit: { statuses: [429], waitMs: () => undefined },
    pace,
    guide: [],
  };
}

const entry = (profile: string, seller: string): ProfileEntry => ({ provider: 'acme', profile, store: 'memory', savedAt: '2026-11-01T00:00:00Z', ids: { seller } });

/** Profiles (name → [seller, key]) stored in memory, a fake clock, and an HTTP client that records each request's start and answers after `ms` of virtual time. */
function agencyContext(profiles: Record<string, [string, string]>, provider: Provider, answer: (req: HttpRequest) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }), ms = 50) {
  const store = mapStore(new Map(Object.entries(profiles).map(([p, [seller, key]]) => [`acme:${p}`, JSON.stringify({ seller, key })])));
  const ctx = testContext({}, store, memoryConfig(Object.entries(profiles).map(([p, [seller]]) => entry(p, seller))));
  const time = fakeClock();
  ctx.clock = time.clock;
  ctx.providers = createRegistry([provider], []);
  const sent: Array<{ at: number; seller: string; key: string }> = [];
  let inFlight = 0;
  let peak = 0;
  ctx.http = async () => ({
    close: async () => {},
    request: async (req) => {
      sent.push({ at: time.clock.now(), seller: req.headers['x-seller'] ?? '', key: req.headers['x-key'] ?? '' });
      inFlight++;
      peak = Math.max(peak, inFlight);
      await time.clock.sleep(ms);
      inFlight--;
      const a = answer(req);
      return { status: a.status, headers: { 'content-type': 'application/json', ...a.headers }, body: Readable.from([Buffer.from(a.status === 200 ? '{"ok":true}' : '{}')]) };
    },
  });
  const run = async (opts: { concurrency?: number; budgets?: BudgetMemory } = {}): Promise<WhoamiResult[]> => {
    const targets = await whoamiTargets(ctx, UNNAMED);
    const { rows, finish } = await runWhoami(ctx, targets, { concurrency: opts.concurrency ?? 16, ...(opts.budgets ? { budgets: opts.budgets } : {}) });
    return time.drive(Promise.all(rows).then(async (r) => (await finish(), r)));
  };
  return { ctx, sent, peak: () => peak, run };
}

describe('runWhoami: many profiles, bounded and paced per account', () => {
  it('never has more than `concurrency` checks in flight, and paces one account at its rate', async () => {
    const profiles = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`shop${String(i).padStart(2, '0')}`, [`s${i % 2}`, `key-${i}`]])) as Record<string, [string, string]>;
    const a = agencyContext(profiles, testProvider({ perSecond: 10, parallel: 4 }));
    const results = await a.run({ concurrency: 5 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(a.sent).toHaveLength(40);
    expect(a.peak()).toBeLessThanOrEqual(5);
    for (const seller of ['s0', 's1']) {
      const starts = a.sent.filter((s) => s.seller === seller).map((s) => s.at);
      // 10 per second after a burst of 4 (its requests in flight): request j at least (j - i - 3) × 100 ms after request i.
      for (let i = 0; i < starts.length; i++) for (let j = i + 4; j < starts.length; j++) expect(starts[j]! - starts[i]!).toBeGreaterThanOrEqual((j - i - 3) * 100);
      expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1600);
    }
  });

  it('reports in the targets\' order, whatever order the checks end in', async () => {
    const a = agencyContext({ a: ['1', 'k-a'], b: ['2', 'k-b'], c: ['3', 'k-c'] }, testProvider({ perSecond: 0, parallel: 1 }), (req) => ({ status: req.headers['x-key'] === 'k-b' ? 401 : 200 }));
    const results = await a.run();
    expect(results.map((r) => [r.profile, r.ok])).toEqual([['a', true], ['b', false], ['c', true]]);
    expect(results[1]!.error?.exitCode).toBe(4);
  });

  it('checks an identical set stored under several profiles once, and says so for each', async () => {
    const a = agencyContext({ one: ['7', 'same-key'], two: ['7', 'same-key'], three: ['7', 'other-key'] }, testProvider({ perSecond: 0, parallel: 2 }));
    const results = await a.run();
    expect(a.sent.map((s) => s.key).sort()).toEqual(['other-key', 'same-key']);
    expect(results.map((r) => [r.profile, r.ok, r.sameAs])).toEqual([['one', true, undefined], ['two', true, { profile: 'one' }], ['three', true, undefined]]);
  });

  it('does not send a check whose budget is known to be spent: the row says why and until when, exit 5', async () => {
    const states = new Map<string, BudgetState>();
    const budgets: BudgetMemory = { get: (k) => states.get(k), set: (k, s) => void states.set(k, s) };
    const until = Date.parse('2026-12-02T14:00:00Z');
    const a = agencyContext({ a: ['1', 'k-a'], b: ['2', 'k-b'] }, testProvider({ perSecond: 0, parallel: 1 }, true), (req) => ({ status: 200, headers: { 'x-left': req.headers['x-seller'] === '1' ? '0' : '5', 'x-until': String(until) } }));
    const first = await a.run({ budgets });
    expect(first.every((r) => r.ok)).toBe(true);
    expect([...states.values()].map((s) => s.remaining).sort()).toEqual([0, 5]);
    const second = await a.run({ budgets });
    expect(a.sent).toHaveLength(3);
    expect(second[0]).toMatchObject({ ok: false, deferred: { until: '2026-12-02T14:00:00.000Z' }, error: { exitCode: 5, message: 'not checked: Acme allows 2 checks an hour (POST /check); none left until 14:00 UTC' } });
    expect(second[1]!.ok).toBe(true);
    expect(whoamiExitCode(second)).toBe(5);
  });
});

describe('runWhoami: a provider split over hosts is paced per host', () => {
  it("sends one check's identity call and its six pings at once: one limit per host, not one for all", async () => {
    const hosts = ['common', 'content', 'prices', 'marketplace', 'feedbacks', 'analytics'];
    const split: Provider = {
      ...testProvider({ perSecond: 5, parallel: 2 }),
      hosts: { of: () => undefined, origin: (h) => `https://${h}.acme.example`, origins: hosts.map((h) => `https://${h}.acme.example`) },
      verify: () => ({
        request: { method: 'GET', path: '/seller', host: 'common' },
        identity: (json) => (json && typeof json === 'object' && 'ok' in json ? { lines: [['seller', 'ok']], warnings: [], data: {} } : undefined),
        probes: hosts.map((h) => ({ label: `ping ${h}`, request: { method: 'GET' as const, path: '/ping', host: h } })),
      }),
    };
    const a = agencyContext({ one: ['1', 'k-1'], two: ['2', 'k-2'] }, split);
    const results = await a.run();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(a.sent).toHaveLength(14);
    const starts = (seller: string) => a.sent.filter((s) => s.seller === seller).map((s) => s.at);
    // Each account's seven requests start together; 5/s per host would spread them over a second if paced as one.
    for (const seller of ['1', '2']) expect(new Set(starts(seller)).size).toBe(1);
  });
});

describe('createPacer with a burst (GCRA)', () => {
  it('lets `burst` requests start together, and holds the rate after them', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pace = createPacer({ now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } }, 50, 2);
    for (let i = 0; i < 4; i++) await pace();
    // Two at once, then one every 20 ms: never more than 50 in any second.
    expect(sleeps).toEqual([20, 20]);
  });
});

describe('whoamiExitCode: one code when failures differ, whatever their order', () => {
  const failed = (exitCode: number): WhoamiResult => ({ provider: 'acme', profile: 'p', ok: false, error: { message: '', hints: [], exitCode } });
  it('a rejected set outranks a network failure and a rate limit; a store failure outranks all', () => {
    expect(whoamiExitCode([failed(5), failed(6), failed(4)])).toBe(4);
    expect(whoamiExitCode([failed(4), failed(5)])).toBe(4);
    expect(whoamiExitCode([failed(6), failed(5)])).toBe(6);
    expect(whoamiExitCode([failed(4), failed(8)])).toBe(8);
    expect(whoamiExitCode([{ provider: 'acme', profile: 'p', ok: true }])).toBe(0);
  });
});
