import { describe, expect, it } from 'vitest';
import { loadSpec, operation, requestSchema, responseSchema, schemaProblems } from '../helpers/openapi.js';

const yandex = loadSpec('yandex-market-partner-api.json');
const ozon = loadSpec('ozon-seller-api.json');

describe('the OpenAPI answer check the sandbox tests rely on', () => {
  it('finds an operation by a concrete path through its template', () => {
    expect(operation(yandex, 'GET', '/v2/campaigns/21000001')?.template).toBe('/v2/campaigns/{campaignId}');
    expect(operation(yandex, 'DELETE', '/v2/campaigns/21000001')).toBeUndefined();
  });

  it('accepts an answer shaped as the spec says', () => {
    const schema = responseSchema(yandex, 'GET', '/v2/campaigns', 200)!;
    const answer = { campaigns: [{ id: 1, domain: 'a', clientId: 2, business: { id: 3, name: 'b' }, placementType: 'FBS', apiAvailability: 'AVAILABLE' }], paging: { nextPageToken: 'x' } };
    expect(schemaProblems(yandex, schema, answer)).toEqual([]);
  });

  it('names every way an answer breaks the spec: wrapper, enum, type, unknown and missing fields', () => {
    const schema = responseSchema(yandex, 'GET', '/v2/campaigns', 200)!;
    expect(schemaProblems(yandex, schema, { status: 'OK', result: { campaigns: [] } })).toEqual(
      expect.arrayContaining([expect.stringContaining('required property campaigns is missing'), expect.stringContaining('property status is not in the spec')]),
    );
    const bad = { campaigns: [{ id: 'one', placementType: 'EXPRESS' }] };
    const problems = schemaProblems(yandex, schema, bad);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('$.campaigns[0].id'), expect.stringContaining('EXPRESS" is not one of')]));
  });

  it('reads Ozon request bodies and error answers through $refs and allOf', () => {
    expect(requestSchema(ozon, 'POST', '/v3/product/list')?.properties).toHaveProperty('last_id');
    const error = responseSchema(ozon, 'POST', '/v1/roles', 404)!;
    expect(schemaProblems(ozon, error, { code: 5, message: 'm', details: [] })).toEqual([]);
    expect(schemaProblems(ozon, error, { code: 5, message: 'm', details: [{ reason: 'x' }] }).length).toBeGreaterThan(0);
  });
});
