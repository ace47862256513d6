import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as CREDS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';

// The Ozzie sandbox answers in the shapes of Ozzie's docs (docs/providers.md, Ozzie facts; issue 13).
type Json = Record<string, any>;

const ozzieAuth = (c: { clientId: string; clientSecret: string }): Record<string, string> => ({
  Authorization: `Bearer ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
});
const VALID = ozzieAuth(CREDS.ozzie.valid);
const OTHER = ozzieAuth(CREDS.ozzie.other);
const USER_FIELDS = ['id', 'external_user_id', 'name', 'email', 'phone', 'language', 'onboarding_stage', 'created_at'];
const unauthorized = { error: { code: 'UNAUTHORIZED', message: 'Invalid or missing authorization credentials.', details: [] } };

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ port: 0, ozzieUsers: 25 }); });
afterAll(async () => { await sb.close(); });

async function call(path: string, headers: Record<string, string>, body?: unknown, base?: string) {
  const res = await fetch((base ?? sb.baseUrls.ozzie) + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

/** Every user of a client, page by page, following next_cursor. */
async function walk(limit: number, headers = VALID): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await call(`/v1/users?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, headers);
    expect(page.status).toBe(200);
    ids.push(...page.json.data.map((u: Json) => u.id));
    expect(page.json.has_more).toBe(page.json.next_cursor !== null);
    cursor = page.json.next_cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('sandbox: Ozzie users', () => {
  it('answers missing or wrong credentials with 401, with rate headers', async () => {
    const none = await call('/v1/users', {});
    expect(none.status).toBe(401);
    expect(none.json).toEqual(unauthorized);
    expect(none.headers.get('x-ratelimit-limit')).toBe('1000');
    expect((await call('/v1/users', ozzieAuth(CREDS.ozzie.invalid))).json).toEqual(unauthorized);
    expect((await call('/v1/users', { Authorization: 'Bearer not-base64!' })).status).toBe(401);
  });

  it('lists users as a list answer: data, has_more, next_cursor; each user with the documented fields', async () => {
    const list = await call('/v1/users?limit=1', VALID);
    expect(list.status).toBe(200);
    expect(Object.keys(list.json)).toEqual(['object', 'data', 'has_more', 'next_cursor']);
    expect(list.json).toMatchObject({ object: 'list', has_more: true, next_cursor: expect.any(String) });
    expect(list.json.data).toHaveLength(1);
    const [user] = list.json.data;
    expect(Object.keys(user)).toEqual(USER_FIELDS);
    expect(user.id).toMatch(/^ozz_usr_[0-9a-f]{16}$/);
    expect(['intake_pending', 'plan_pending', 'active']).toContain(user.onboarding_stage);
    expect(user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(list.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
    expect(Number(list.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    // The default page is 10 users.
    expect((await call('/v1/users', VALID)).json.data).toHaveLength(10);
  });

  it('seeds languages en, pt and es only, and leaves email and phone null for some users', async () => {
    const all = await call('/v1/users?limit=50', VALID);
    const users = all.json.data as Json[];
    expect(new Set(users.map((u) => u.language))).toEqual(new Set(['en', 'pt', 'es']));
    expect(users.some((u) => u.email === null && u.phone === null)).toBe(true);
    for (const u of users.filter((x) => x.phone !== null)) expect(u.phone).toMatch(/^\+[1-9]\d{1,14}$/);
  });

  it('pages by cursor across every user, none lost or repeated; a cursor from the last page is not needed', async () => {
    const { ids, pages } = await walk(10);
    expect(pages).toBe(3);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
    const byOne = await walk(7);
    expect(byOne.ids).toEqual(ids);
  });

  it('answers a malformed cursor and a limit out of 1…50 with 422 VALIDATION_ERROR naming the field', async () => {
    for (const [query, field] of [['cursor=not-a-cursor', 'cursor'], ['cursor=%25%25', 'cursor'], ['limit=0', 'limit'], ['limit=51', 'limit'], ['limit=abc', 'limit']]) {
      const r = await call(`/v1/users?${query}`, VALID);
      expect(r.status, query).toBe(422);
      expect(r.json.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'One or more fields failed validation.', details: [{ field }] });
    }
  });

  it('creates a user (201, wrapped as {"object":"user","data":…}) and reads it back by id, external_user_id or external:', async () => {
    const body = { external_user_id: 'user_123', name: 'Alex Johnson', email: 'alex@example.com', phone: '+15551234567', language: 'pt' };
    const created = await call('/v1/users', VALID, body);
    expect(created.status).toBe(201);
    expect(created.json.object).toBe('user');
    expect(Object.keys(created.json.data)).toEqual(USER_FIELDS);
    expect(created.json.data).toMatchObject({ ...body, onboarding_stage: 'intake_pending', id: expect.stringMatching(/^ozz_usr_/) });
    expect(created.json.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { id } = created.json.data;
    for (const ref of [id, 'user_123', 'external:user_123']) {
      const got = await call(`/v1/users/${ref}`, VALID);
      expect(got.status, ref).toBe(200);
      expect(got.json).toEqual(created.json);
    }
    const minimal = await call('/v1/users', VALID, { external_user_id: 'only-id' });
    expect(minimal.json.data).toMatchObject({ name: null, email: null, phone: null, language: 'en' });
    expect((await call('/v1/users?external_user_id=user_123', VALID)).json).toEqual({ object: 'list', data: [created.json.data], has_more: false, next_cursor: null });
    expect((await call('/v1/users?external_user_id=nobody', VALID)).json.data).toEqual([]);
  });

  it('answers a taken external_user_id with 409 CONFLICT', async () => {
    await call('/v1/users', VALID, { external_user_id: 'taken' });
    const again = await call('/v1/users', VALID, { external_user_id: 'taken', name: 'X' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('CONFLICT');
  });

  it('answers invalid fields with 422 VALIDATION_ERROR, every failed field in details, and creates nothing', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{ name: 'no id' }, ['external_user_id']],
      [{ external_user_id: 'x'.repeat(101) }, ['external_user_id']],
      [{ external_user_id: 'lang-ru', language: 'ru' }, ['language']],
      [{ external_user_id: 'lang-EN', language: 'EN' }, ['language']],
      [{ external_user_id: 'bad', name: 'n'.repeat(201), email: 'not-an-email', phone: '5551234567' }, ['name', 'email', 'phone']],
      [[{ external_user_id: 'array' }], ['body']],
      ['"just a string"', ['body']],
    ];
    for (const [body, fields] of cases) {
      const r = await call('/v1/users', VALID, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.error.code).toBe('VALIDATION_ERROR');
      expect(r.json.error.details.map((d: Json) => d.field)).toEqual(fields);
      for (const d of r.json.error.details) expect(d.message).toEqual(expect.any(String));
    }
    const ru = await call('/v1/users', VALID, { external_user_id: 'lang-ru', language: 'ru' });
    expect(ru.json.error.details).toEqual([{ field: 'language', message: 'Must be one of: en, pt, es' }]);
    expect((await call('/v1/users/lang-ru', VALID)).status).toBe(404);
  });

  it('answers a body that is not JSON with 400 INVALID_JSON', async () => {
    for (const body of ['{"external_user_id": "x",}', "{'a': 1}", 'not json']) {
      const r = await call('/v1/users', VALID, body);
      expect(r.status, body).toBe(400);
      expect(r.json).toEqual({ error: { code: 'INVALID_JSON', message: 'The request body could not be parsed as JSON.', details: [] } });
    }
  });

  it('scopes users per client; external: provisions a user in the caller\'s tenant only', async () => {
    const created = await call('/v1/users', VALID, { external_user_id: 'mine-only' });
    expect((await call('/v1/users?external_user_id=mine-only', OTHER)).json.data).toEqual([]);
    expect((await call(`/v1/users/${created.json.data.id}`, OTHER)).status).toBe(404);
    expect((await call('/v1/users/mine-only', OTHER)).status).toBe(404);
    const provisioned = await call('/v1/users/external:new-in-other', OTHER);
    expect(provisioned.status).toBe(200);
    expect(provisioned.json.data).toMatchObject({ external_user_id: 'new-in-other', onboarding_stage: 'intake_pending' });
    expect((await call('/v1/users/external:new-in-other', OTHER)).json.data.id).toBe(provisioned.json.data.id);
    expect((await call('/v1/users/new-in-other', VALID)).status).toBe(404);
    expect((await call('/v1/users/%E0%A4%A', VALID)).status).toBe(404);
  });
});

describe('sandbox: Ozzie rate limit', () => {
  it('answers over the window with 429 RATE_LIMIT_EXCEEDED, until reset', async () => {
    const limited = await startSandbox({ port: 0, ozzieRatePerMinute: 3 });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.baseUrls.ozzie}/v1/users`, { headers: VALID });
        statuses.push(last.status);
        if (i < 3) await last.arrayBuffer();
      }
      // A window boundary may fall inside the loop; then the 4th call is let in.
      if (statuses[3] === 200) return;
      expect(statuses).toEqual([200, 200, 200, 429]);
      const body = (await last!.json()) as Json;
      const reset = Number(last!.headers.get('x-ratelimit-reset'));
      expect(body.error.code).toBe('RATE_LIMIT_EXCEEDED');
      expect(body.error.details).toEqual([{ reset_at: reset, limit: 3, window: '1 minute' }]);
      expect(last!.headers.get('x-ratelimit-limit')).toBe('3');
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(reset * 1000 - Date.now()).toBeGreaterThan(-1000);
      expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(60_000);
      expect((await fetch(`${limited.baseUrls.ozzie}/v1/users`, { headers: OTHER })).status).toBe(200);
      await fetch(`${limited.url}/_sandbox/reset`, { method: 'POST' });
      expect((await fetch(`${limited.baseUrls.ozzie}/v1/users`, { headers: VALID })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('an injected 429 or 422 carries the documented code', async () => {
    const r429 = await call('/v1/users', { 'X-Sandbox-Fault': 'status=429' });
    expect(r429.status).toBe(429);
    expect(r429.json.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect((await call('/v1/users', { 'X-Sandbox-Fault': '422' })).json.error.code).toBe('VALIDATION_ERROR');
  });
});
