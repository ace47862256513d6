import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '../../src/core/types.js';
import { UNNAMED } from '../../src/core/credentials.js';
import { whoamiOne, whoamiTargets } from '../../src/core/whoami.js';
import { createRegistry } from '../../src/providers/registry.js';
import { builtInProviders } from '../../src/providers/index.js';
import { memoryConfig, testContext } from '../helpers/memory-context.js';

const entry = (provider: string, profile = 'default'): ProfileEntry => ({ provider, profile, store: 'memory', savedAt: '2026-11-01T00:00:00Z', ids: {} });

/** whoami of every set never skips a set it cannot check: each is a failed row (exit 2). */
describe('whoami rows for providers that are not there', () => {
  it('fails a stored profile whose spec is gone, one whose spec is broken, and a broken spec with nothing stored', async () => {
    const ctx = testContext({}, undefined, memoryConfig([entry('gone'), entry('acme', 'shop2'), entry('bad\nname')]));
    const problem = { id: 'acme', file: 'providers/acme.json', path: '/cfg/providers/acme.json', message: 'providers/acme.json: title: expected a string, got a number' };
    const other = { ...problem, id: 'beta', file: 'providers/beta.json', message: 'providers/beta.json: not valid JSON: Unexpected end of JSON input' };
    ctx.providers = createRegistry(builtInProviders, [problem, other]);
    const results = await Promise.all((await whoamiTargets(ctx, UNNAMED)).map((t) => whoamiOne(ctx, t)));
    expect(results.map((r) => [r.provider, r.profile, r.ok, r.error?.exitCode, r.error?.message])).toEqual([
      ['gone', 'default', false, 2, 'profile default of gone is stored, but no such provider is built in or defined in providers/gone.json'],
      ['acme', 'shop2', false, 2, problem.message],
      ['bad\nname', 'default', false, 2, "profile default of 'bad\\nname' is stored, but no such provider is built in or can be defined"],
      ['beta', 'default', false, 2, other.message],
    ]);
    expect(results[0]!.error!.hints).toEqual(['put its spec back, or remove the profile with `mkt logout gone`']);
  });
});
