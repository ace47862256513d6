/** The caps of `mkt mcp`'s answers (src/mcp/answer.ts): items, then bytes, then a cut, each said in the answer. */
import { describe, expect, it } from 'vitest';
import { bytesOf, itemsLocation, shapeAnswer } from '../../src/mcp/answer.js';

const page = (n: number, size = 10) => ({ result: { items: Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'x'.repeat(size) })), last_id: 'abc' } });

describe('itemsLocation', () => {
  it("takes the catalog's items path when it leads to an array, else the provider's pick, found by identity", () => {
    const json = page(3);
    expect(itemsLocation(json, 'result.items', undefined)).toEqual(['result', 'items']);
    expect(itemsLocation(json, 'result.nothing', (j) => (j as typeof json).result.items)).toEqual(['result', 'items']);
    expect(itemsLocation(json, undefined, () => [{ id: 1 }])).toBeUndefined();
    expect(itemsLocation(json, undefined, undefined)).toBeUndefined();
  });
});

describe('shapeAnswer', () => {
  const head = { status: 200 };

  it('shows at most the item cap, from the offset, and where the rest starts', () => {
    const json = page(5);
    const first = shapeAnswer(head, json, ['result', 'items'], 0, { items: 2, bytes: 10_000 });
    expect(first.restFrom).toBe(2);
    expect(first.answer).toMatchObject({ status: 200, items: '1–2 of 5, at result.items', body: { result: { last_id: 'abc', items: [{ id: 1 }, { id: 2 }] } } });
    const last = shapeAnswer(head, json, ['result', 'items'], 4, { items: 2, bytes: 10_000 });
    expect(last.restFrom).toBeUndefined();
    expect(last.answer.items).toBe('5–5 of 5, at result.items');
  });

  it('halves the items until the answer fits the bytes', () => {
    const shaped = shapeAnswer(head, page(40, 100), ['result', 'items'], 0, { items: 40, bytes: 1200 });
    expect(bytesOf(shaped.answer)).toBeLessThanOrEqual(1200);
    expect(shaped.restFrom).toBeGreaterThan(0);
    expect(shaped.restFrom).toBeLessThan(40);
  });

  it('cuts a body with no items (or one item too big) as text, within the bytes, and says how big it was', () => {
    const big = { text: 'я'.repeat(5000) };
    const shaped = shapeAnswer(head, big, undefined, 0, { items: 50, bytes: 2000 });
    expect(bytesOf(shaped.answer)).toBeLessThanOrEqual(2000);
    expect(shaped.answer.note).toMatch(/^the body is 10011 bytes, more than this server's 2000 per answer: only its first \d+ bytes are here, as text/);
    expect(JSON.stringify(big).startsWith(shaped.answer.body_cut as string)).toBe(true);
    const oneHuge = shapeAnswer(head, page(1, 5000), ['result', 'items'], 0, { items: 50, bytes: 2000 });
    expect(oneHuge.answer).toHaveProperty('body_cut');
  });
});
