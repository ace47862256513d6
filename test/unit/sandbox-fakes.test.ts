import { describe, expect, it } from 'vitest';
import { FAKES } from '../../src/sandbox/fakes.js';
import { builtInRegistry } from '../../src/providers/index.js';

describe('the sandbox registry (src/sandbox/fakes.ts)', () => {
  it.each(FAKES.map((f) => [f.id, f] as const))('%s: a fake of a registered provider, pointed at by its base-URL variable, with sets of its fields', (id, fake) => {
    const provider = builtInRegistry.find(id);
    expect(provider, `no provider ${id} for the fake`).toBeDefined();
    expect(fake.baseUrlEnv).toBe(provider!.baseUrlEnv);
    for (const set of Object.values(fake.credentials)) expect(Object.keys(set).sort()).toEqual(provider!.fields.map((f) => f.key).sort());
  });

  it('no two secrets of any set share a piece (tests find each by searching output)', () => {
    const secrets = FAKES.flatMap((fake) => {
      const provider = builtInRegistry.find(fake.id)!;
      const secretKeys = provider.fields.filter((f) => f.secret).map((f) => f.key);
      return Object.values(fake.credentials).flatMap((set) => secretKeys.map((k) => (set as Record<string, string>)[k]!));
    });
    for (const a of secrets) for (const b of secrets) if (a !== b) expect(b.includes(a)).toBe(false);
  });
});
