import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '../../src/core/types.js';
import { logoutAll } from '../../src/core/logout.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';

const entry = (profile: string): ProfileEntry => ({ provider: 'ozon', profile, store: 'keychain', savedAt: '2026-12-03T00:00:00.000Z', ids: { clientId: '1' } });

describe('logoutAll', () => {
  it('tells of each profile as soon as it is gone, before the next is touched (an interrupted run has said what it removed)', async () => {
    const profiles = ['a', 'b', 'c', 'd'];
    const store = mapStore();
    for (const p of profiles) await store.set(`ozon:${p}`, `secret-${p}`);
    const config = memoryConfig(profiles.map(entry));
    const ctx = testContext({}, store, config);
    // When each is heard of, its secret and those before it are gone, the ones after it still there.
    const heard: Array<[string, string[]]> = [];
    const result = await logoutAll(ctx, [], undefined, (e) => heard.push([e.profile, [...store.data.keys()].sort()]));
    expect(result.removed.map((e) => e.profile)).toEqual(profiles);
    expect(heard).toEqual([
      ['a', ['ozon:b', 'ozon:c', 'ozon:d']],
      ['b', ['ozon:c', 'ozon:d']],
      ['c', ['ozon:d']],
      ['d', []],
    ]);
  });
});
