import { describe, expect, it } from 'vitest';
import { allowedOperations, addAllowedOperations } from '../../src/core/scope-counts.js';
import { catalogOf } from '../../src/core/catalog.js';
import { specScope, yandex } from '../../src/providers/yandex.js';
import { ozon } from '../../src/providers/ozon.js';
import type { Identity } from '../../src/core/types.js';
import { loadSpec } from '../helpers/openapi.js';
import { testContext } from '../helpers/memory-context.js';

const ctx = testContext();
const catalog = (await catalogOf(ctx, yandex))!.catalog;
const ops = catalog.operations;
const scopesOf = (answer: unknown) => yandex.verify({ token: 'ACMA:x:y' }).identity(answer, { token: 'ACMA:x:y' }, new Date())!;
const tokenWith = (...authScopes: string[]) => scopesOf({ status: 'OK', result: { apiKey: { name: 'ci', authScopes } } });

describe('Yandex token scopes, as the spec names them on operations', () => {
  it('pairs each of the 14 authScopes values of getAuthTokenInfo with one of the 14 x-auth-scopes names', () => {
    const spec = loadSpec('yandex-market-partner-api.json') as { paths: Record<string, Record<string, unknown>> };
    const enumOf = (node: unknown): string[] | undefined => {
      if (!node || typeof node !== 'object') return undefined;
      const n = node as Record<string, unknown>;
      if (Array.isArray(n.enum) && n.enum.includes('ALL_METHODS_READ_ONLY')) return n.enum as string[];
      for (const v of Object.values(n)) {
        const found = enumOf(v);
        if (found) return found;
      }
      return undefined;
    };
    const values = enumOf(spec.paths['/v2/auth/token'])!;
    expect(values).toHaveLength(14);
    const named = new Set(ops.flatMap((op) => op.scopes ?? []));
    expect(named.size).toBe(14);
    expect(new Set(values.map(specScope))).toEqual(named);
  });

  it('the identity carries them so', () => {
    expect(tokenWith('PRICING_READ_ONLY', 'ALL_METHODS').scopes).toEqual(['pricing:read-only', 'all-methods']);
  });
});

describe('what the scopes allow, counted per group', () => {
  it('ALL_METHODS: every operation, and the writes among them', () => {
    const all = allowedOperations(ops, ['all-methods']);
    expect(all).toMatchObject({ allowed: 160, of: 160, writes: 160 - 72 });
    expect(all.ids).toContain('updateBusinessPrices');
    expect(all.groups.pricing).toEqual({ allowed: 37, of: 37, writes: 9 });
  });

  it('PRICING_READ_ONLY: no price update; the one write it allows starts a report (`…/generate`)', () => {
    const read = allowedOperations(ops, ['pricing:read-only']);
    expect(read.groups.pricing).toEqual({ allowed: 29, of: 37, writes: 1 });
    expect(read.ids).not.toContain('updateBusinessPrices');
    expect(read.ids).toContain('generateGoodsPricesReport');
    expect(allowedOperations(ops, ['pricing']).ids).toContain('updateBusinessPrices');
  });

  it('no scope mkt knows: nothing allowed, every group still counted', () => {
    const none = allowedOperations(ops, ['no-such-scope']);
    expect(none).toMatchObject({ allowed: 0, of: 160, writes: 0, ids: [] });
    expect(Object.keys(none.groups).sort()).toEqual(['communication', 'finance-and-accounting', 'inventory-and-order-processing', 'offers-and-cards-management', 'pricing', 'promotion', 'settings-management', 'supplies-management']);
  });

  it('whoami lines and --json data; nothing for an identity without scopes (Ozon) or a provider without a catalog', async () => {
    const identity = tokenWith('PRICING');
    await addAllowedOperations(ctx, yandex, identity);
    expect(identity.lines[2]).toEqual(['operations', expect.stringMatching(/^\d+ of 160 allowed, \d+ of them write \(yandex-market-partner-api\.json\)$/)]);
    expect(identity.lines).toContainEqual(['  pricing', '37 of 37 allowed, 9 of them write']);
    expect(identity.lines).toContainEqual(['  supplies-management', expect.stringMatching(/^\d+ of 18 allowed, 0 of them write$/)]);
    expect(identity.data.operations).toMatchObject({ groups: { pricing: { allowed: 37, writes: 9 } } });
    const plain: Identity = { lines: [['roles', 'Admin']], warnings: [], data: {} };
    await addAllowedOperations(ctx, ozon, plain);
    expect(plain).toEqual({ lines: [['roles', 'Admin']], warnings: [], data: {} });
  });
});
