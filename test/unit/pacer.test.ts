import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/core/pacer.js';

function fakeClock() {
  let now = 1_000;
  const sleeps: number[] = [];
  return { sleeps, clock: { now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; } }, advance: (ms: number) => (now += ms) };
}

describe('client-side pacing', () => {
  it('spaces request starts 1/rate apart when requests come back fast', async () => {
    const { clock, sleeps } = fakeClock();
    const pace = createPacer(clock, 50);
    for (let i = 0; i < 4; i++) await pace();
    expect(sleeps).toEqual([20, 20, 20]);
  });
  it('does not wait when the requests themselves take longer than the gap', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const pace = createPacer(clock, 50);
    for (let i = 0; i < 4; i++) {
      await pace();
      advance(35);
    }
    expect(sleeps).toEqual([]);
  });
});
