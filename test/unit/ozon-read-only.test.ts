import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ozon } from '../../src/providers/ozon.js';
import type { Method } from '../../src/core/types.js';

const SPEC = fileURLToPath(new URL('../../../shared/specs/ozon-seller-api.json', import.meta.url));

/** Summaries that name a change: create, update, delete, set, confirm, cancel, move, bind, send... */
const WRITE = /^(Создат|Создайт|Создани|Удал|Обнов|Измен|Добав|Отклон|Подтвер|Верн|Отмен|Загруз|Перенес|Привяз|Указат|Сгенер|Передат|Отправ|Установ|Согласо|Отвяз|Свяжит|Редакт|Собрат|Частичн|Раздел|Напечат|Открыт|Одобр|Оставит|Отмет|Провер|Валидац)/;

function operations(): Array<{ method: Method; path: string; summary: string }> {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Record<string, { summary?: string }>> };
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase() as Method, path, summary: op.summary ?? '' })));
}

describe('Ozon read-only rule, over every operation of the official spec', () => {
  const ops = operations();

  it('reads the spec (263 operations in the 2025-09 copy)', () => {
    expect(ops.length).toBeGreaterThan(250);
  });

  it('never calls an operation whose title names a change read-only (so a 5xx never replays it)', () => {
    const replayedWrites = ops.filter((op) => WRITE.test(op.summary) && ozon.readOnly(op.method, op.path));
    expect(replayedWrites.map((op) => `${op.method} ${op.path} (${op.summary})`)).toEqual([]);
  });

  it('treats the stock and price updates as writes, and their readers as reads', () => {
    expect(ozon.readOnly('POST', '/v2/products/stocks')).toBe(false);
    expect(ozon.readOnly('POST', '/v1/product/import/prices')).toBe(false);
    expect(ozon.readOnly('POST', '/v4/product/info/stocks')).toBe(true);
    expect(ozon.readOnly('POST', '/v5/product/info/prices')).toBe(true);
  });

  it('fails safe: a path it does not know is a write', () => {
    expect(ozon.readOnly('POST', '/v9/something/new')).toBe(false);
    expect(ozon.readOnly('POST', '/v1/report/products/create')).toBe(false);
    expect(ozon.readOnly('PUT', '/v3/product/list')).toBe(false);
  });
});
