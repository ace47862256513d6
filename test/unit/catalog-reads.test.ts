import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from '../../src/catalog/generate.js';
import { openCatalogs } from '../../src/catalog/load.js';
import { OZON_READS } from '../../src/catalog/ozon-reads.js';
import { derivedReads, reads } from '../../src/catalog/reads.js';
import type { Catalog, Operation } from '../../src/catalog/types.js';

const SPECS = fileURLToPath(new URL('../../../shared/specs/', import.meta.url));
const INDEX = fileURLToPath(new URL('../../src/catalog/index/', import.meta.url));
const fromSpec = (file: string): Catalog => generateCatalog(JSON.parse(readFileSync(`${SPECS}${file}`, 'utf8')), { file });
const key = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/**
 * What names a change, whatever the rule says. Titles: Ozon's verbs (Обновить, Удалить…) and Yandex's
 * nouns (Обновление, Удаление, Передача, Установка…). Last path segments: import, update, delete,
 * create, cancel, ship, set, add…
 */
const WRITE_TITLE = /^(Созда|Удал|Обнов|Измен|Добав|Отклон|Подтвер|Верн|Отмен|Загруз|Перен|Привяз|Указ|Сгенер|Генерац|Переда|Отправ|Установ|Согласо|Отвяз|Свяжит|Редакт|Собрат|Частичн|Раздел|Напечат|Открыт|Одобр|Оставит|Отмет|Провер(?!ить возможность)|Валидац|Включени|Скрыти|Возобнов|Пропуск реакц|Продлени|Принятие|Подготовк)/;
const WRITE_SEGMENT = /(^|[-_])(import|update|updates|delete|create|cancel(?!-reason)|ship|set|add|activate|deactivate|approve|decline|reject|archive|unarchive|bind|unbind|upload|send|start|read|split|generate|reset|confirm|arbitration|compensate|transfer|submit|accept|delivered|delivering)([-_]|$)/;
const lastSegment = (path: string) => path.split('/').filter((s) => s && !s.startsWith('{')).at(-1) ?? '';
const knownWrite = (op: Operation) => op.method === 'DELETE' || WRITE_TITLE.test(op.title) || WRITE_SEGMENT.test(lastSegment(op.path));

/** The writes this project has been bitten by, by name (docs/providers.md, issue 15). */
const NAMED_WRITES = ['POST /v2/products/stocks', 'POST /v1/product/import/prices', 'POST /v3/product/import', 'POST /v1/product/digital/stocks/import', 'POST /v4/posting/fbs/ship', 'POST /v2/posting/fbs/cancel', 'POST /v2/chat/read', 'POST /v6/fbs/posting/product/exemplar/create-or-get'];

describe('Ozon reads: the reviewed list (src/catalog/ozon-reads.ts)', () => {
  const ozon = fromSpec('ozon-seller-api.json');

  it('names only operations of the spec copy, each once', () => {
    const known = new Set(ozon.operations.map(key));
    expect([...OZON_READS].filter((k) => !known.has(k))).toEqual([]);
    expect(OZON_READS.size).toBe(149);
  });

  it('holds no known write: no title or last path word that names a change, none of the writes named above', () => {
    const writes = ozon.operations.filter(knownWrite).map(key);
    expect(writes.length).toBeGreaterThan(90);
    expect(writes.filter((k) => OZON_READS.has(k))).toEqual([]);
    expect(NAMED_WRITES.filter((k) => OZON_READS.has(k))).toEqual([]);
  });

  it('covers every read the rule finds (the review turned none of them down)', () => {
    expect(ozon.operations.filter((op) => derivedReads({ ...op, body: op.body })).map(key).filter((k) => !OZON_READS.has(k))).toEqual([]);
  });

  it('is what the shipped index says, operation by operation', () => {
    const shipped = openCatalogs({ dir: INDEX }).catalog('ozon');
    expect(shipped.operations.filter((op) => op.reads).map(key).sort()).toEqual([...OZON_READS].sort());
  });

  it('fails safe for an operation newer than the review (a --spec file): the rule, which needs a title, path and body that read', () => {
    const post = (path: string, title: string, body: string[] = []) => reads('ozon', { method: 'POST', path, title, body: body.map((name) => ({ name, type: 'string', required: false })) });
    expect(post('/v4/posting/fbs/list', 'Список отправлений (версия 4)', ['cursor', 'limit', 'filter'])).toBe(true);
    expect(post('/v9/product/info/new', 'Обновить что-то')).toBe(false);
    expect(post('/v9/product/list', 'Список товаров', ['stocks'])).toBe(false);
    expect(post('/v9/thing/create-or-get', 'Получить данные')).toBe(false);
    expect(post('/v9/thing/info', 'Новый метод')).toBe(false);
    expect(reads('ozon', { method: 'PUT', path: '/v3/product/list', title: 'Список товаров' })).toBe(false);
  });
});

describe('Yandex reads: what its read-only scopes allow', () => {
  const yandex = fromSpec('yandex-market-partner-api.json');

  it('what a `…:read-only` token may call, whatever the method, but no known write and no report it would start twice', () => {
    const readOps = yandex.operations.filter((op) => op.reads);
    expect(readOps.filter(knownWrite).map(key)).toEqual([]);
    expect(readOps.every((op) => op.scopes?.some((s) => s.endsWith(':read-only')))).toBe(true);
    // A GET that confirms a shipment: its scopes say it writes.
    expect(yandex.operations.find((op) => op.path === '/v2/campaigns/{campaignId}/shipments/reception-transfer-act')).toMatchObject({ method: 'GET', reads: false });
    expect(readOps.filter((op) => op.path.endsWith('/generate'))).toEqual([]);
    expect(key(yandex.operations.find((op) => op.path === '/v2/campaigns/{campaignId}/offers/stocks' && op.reads)!)).toBe('POST /v2/campaigns/{campaignId}/offers/stocks');
    expect(yandex.operations.find((op) => op.path === '/v2/campaigns/{campaignId}/offers/stocks' && op.method === 'PUT')?.reads).toBe(false);
    expect(readOps.length).toBe(72);
  });
});
