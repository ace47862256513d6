/**
 * The one outcome function (src/core/outcome.ts) and the send → outcome stage (src/core/pipeline.ts),
 * on a fake provider and a fake HTTP client: every status class, the provider's own message, what a
 * rate-limited answer waits for, and a body that is not JSON. No HTTP.
 */
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import type { Context, ErrorKind, HttpClient, HttpRequest, HttpResponse, Provider } from '../../src/core/types.js';
import type { PreparedCall } from '../../src/core/call.js';
import type { SentResponse } from '../../src/core/redirect.js';
import type { CoreEvent } from '../../src/core/events.js';
import { answerJson, jsonOf, outcome, type Exchange } from '../../src/core/outcome.js';
import { sendCall } from '../../src/core/pipeline.js';
import { createRedactor } from '../../src/core/redact.js';
import { ProviderHttpError } from '../../src/core/errors.js';
import { deepJson } from '../helpers/hostile-server.mjs';

const SECRET = 'sekret-KEY-0123456789abcdef';

/** Classifies by status alone and keeps its message in `message`, as a provider's pure functions do. */
const fake: Provider = {
  id: 'fake', title: 'Fake', docsUrl: 'https://fake.test/docs', baseUrl: 'https://api.fake.test', baseUrlEnv: 'FAKE_API_URL',
  fields: [{ key: 'key', label: 'Key', secret: true, env: 'FAKE_KEY', hint: 'a key' }],
  authorize: (creds) => ({ 'x-key': creds.key! }),
  verify: () => { throw new Error('not used'); },
  classify: (status): ErrorKind | undefined => {
    if (status < 400) return undefined;
    return ({ 401: 'auth', 429: 'rate_limit', 404: 'not_found' } as Record<number, ErrorKind>)[status] ?? (status >= 500 ? 'server' : 'client');
  },
  errorMessage: (json) => (json as { message?: string } | undefined)?.message,
  rateLimit: { statuses: [429], waitMs: (headers) => (headers['x-wait'] ? Number(headers['x-wait']) : undefined) },
  pace: { perSecond: 0, parallel: 1 },
  readOnly: (method) => method === 'GET',
  guide: [],
};

const exchange: Exchange = {
  provider: fake, method: 'POST', url: new URL('https://api.fake.test/v1/things?page=2'),
  redact: createRedactor([SECRET]), secrets: [SECRET], sentCredentials: 'sent the credentials of profile shop2, keychain',
};

const answer = (status: number, body: string | Buffer = '', extra: Partial<SentResponse> = {}): SentResponse =>
  ({ status, headers: {}, body: Readable.from([Buffer.from(body)]), ...extra });

async function failed(res: SentResponse) {
  const result = await outcome(exchange, res);
  if (result.ok) throw new Error('expected an error outcome');
  return result;
}

describe('outcome: each status class', () => {
  it('a 2xx is a result whose body is left unread, for the caller to stream', async () => {
    const res = answer(200, '{"a":1}');
    const result = await outcome(exchange, res);
    expect(result).toEqual({ ok: true, response: res });
    expect(Buffer.concat(await res.body.toArray()).toString()).toBe('{"a":1}');
  });

  it.each([
    [401, 4, 'auth'],
    [429, 5, 'rate_limit'],
    [404, 7, 'other'],
    [503, 7, 'other'],
    [400, 7, 'other'],
  ] as const)('%i → exit %i (%s), with the provider\'s message and its request', async (status, exitCode, kind) => {
    const { error, body } = await failed(answer(status, '{"message":"no such thing"}'));
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect(error.exitCode).toBe(exitCode);
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(`fake: POST /v1/things → ${status}: no such thing`);
    expect(body.toString()).toBe('{"message":"no such thing"}');
  });

  it('rejected credentials name the set that was sent, then how to get on', async () => {
    const { error } = await failed(answer(401, '{"message":"bad key"}'));
    expect(error.hints).toEqual(['sent the credentials of profile shop2, keychain', 'the credentials were rejected: check them, or generate a new key and run `mkt login fake`']);
    const { error: other } = await failed(answer(403, '{"message":"no"}'));
    expect(other.hints).toEqual([]);
  });

  it('the provider\'s message is redacted and cannot steer the terminal', async () => {
    const { error } = await failed(answer(400, JSON.stringify({ message: `key ${SECRET} is\u001b[31m bad\r\nreally` })));
    expect(error.message).toBe('fake: POST /v1/things → 400: key *** is [31m bad really');
  });

  it('a body that is not the provider\'s JSON is summed up: an HTML page by its title, text cut to 200 characters', async () => {
    expect((await failed(answer(502, '<html><title>502 Bad Gateway</title></html>'))).error.message).toBe('fake: POST /v1/things → 502: HTML page "502 Bad Gateway" instead of JSON');
    const long = (await failed(answer(500, `${SECRET} ${'x'.repeat(300)}`))).error.message;
    expect(long).toMatch(/^fake: POST \/v1\/things → 500: \*\*\* x{196}…$/);
  });

  it('a 5xx that send did not retry says why, after the rest', async () => {
    const { error } = await failed(answer(503, '', { notReplayed: 'not retried: POST /v1/things may have been applied' }));
    expect(error.message).toBe('fake: POST /v1/things → 503');
    expect(error.hints.at(-1)).toBe('not retried: POST /v1/things may have been applied');
  });

  it('a refused redirect is an HTTP error (exit 7) that does not name an origin holding a secret', async () => {
    const refusedRedirect = { why: 'origin' as const, origin: `https://${SECRET.toLowerCase()}.evil.test`, method: 'POST' as const, url: exchange.url };
    const { error } = await failed(answer(302, 'moved', { refusedRedirect }));
    expect(error.exitCode).toBe(7);
    expect(error.message).toBe('fake: POST /v1/things → 302: redirected to another origin (its name holds a credential); not followed with credentials');
  });

  it('an interim status handed over as the answer is no answer', async () => {
    expect((await failed(answer(101))).error.message).toBe('fake: POST /v1/things → 101: the server switched protocols instead of answering');
    expect((await failed(answer(103))).error.message).toBe('fake: POST /v1/things → 103: an interim (1xx) status instead of an answer');
  });

  it('an error body past 16 MB is still the HTTP error (exit 7), said without the body', async () => {
    const { error, body } = await failed(answer(500, Buffer.alloc(16 * 1024 * 1024 + 1, 'x')));
    expect(error.exitCode).toBe(7);
    expect(error.message).toBe('fake: POST /v1/things → 500: (error body larger than 16 MB, not shown)');
    expect(body.length).toBeLessThan(100);
  });

  it('an error body that breaks off is a network error (exit 6)', async () => {
    const body = new Readable({ read() { this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })); } });
    await expect(outcome(exchange, { status: 500, headers: {}, body })).rejects.toMatchObject({ exitCode: 6, message: 'the connection broke while reading the response (connection reset)' });
  });
});

describe('jsonOf: a body that must be JSON', () => {
  const raw = (text: string) => Buffer.from(text);
  it('is the value when it is JSON', () => {
    expect(jsonOf(exchange, 200, raw('{"a":[1]}'), { required: true })).toEqual({ a: [1] });
  });
  it('is an HTTP error when it is not and must be; undefined when it need not be', () => {
    expect(() => jsonOf(exchange, 200, raw('<html>'), { required: true })).toThrow(new ProviderHttpError('fake: POST /v1/things → 200, but the body is not JSON', 200, 'other'));
    expect(() => jsonOf(exchange, 200, raw(''), { required: true, page: 3 })).toThrow('fake: POST /v1/things → 200: page 3 is not JSON');
    expect(jsonOf(exchange, 200, raw('plain text'), { required: false })).toBeUndefined();
  });
  it('is an HTTP error when it is nested too deep to walk, with the caller\'s way on', () => {
    const deep = raw(deepJson(5000));
    expect(() => jsonOf(exchange, 200, deep, { required: false, hint: '--raw passes it through as it is' })).toThrow(/^fake: POST \/v1\/things → 200: the answer is nested deeper than 1000 levels; --raw passes it through as it is$/);
    expect(() => jsonOf(exchange, 200, deep, { required: true, page: 2 })).toThrow(/→ 200: page 2 is nested deeper than 1000 levels$/);
  });
  it('answerJson: the outcome\'s error, or the JSON of a 2xx', async () => {
    await expect(answerJson(exchange, answer(401, '{"message":"bad key"}'))).rejects.toMatchObject({ exitCode: 4 });
    await expect(answerJson(exchange, answer(200, 'not json'))).rejects.toThrow(/but the body is not JSON$/);
    await expect(answerJson(exchange, answer(200, '{"ok":true}'))).resolves.toEqual({ ok: true });
  });
});

describe('send → outcome (sendCall), on a fake HTTP client', () => {
  type Reply = Pick<HttpResponse, 'status' | 'headers'> & { body?: string } | Error;

  /** A context whose client answers with `replies` in turn and whose clock only records the waits. */
  function setUp(replies: Reply[]) {
    const sent: HttpRequest[] = [];
    const slept: number[] = [];
    const http: HttpClient = {
      async request(req) {
        sent.push(req);
        const reply = replies.shift()!;
        if (reply instanceof Error) throw reply;
        return { status: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body ?? '')]) };
      },
      close: async () => {},
    };
    const ctx = { http: async () => http, clock: { now: () => 0, sleep: async (ms: number) => void slept.push(ms) } } as unknown as Context;
    return { ctx, sent, slept };
  }

  const callOf = (method: 'GET' | 'POST'): PreparedCall => ({
    provider: fake, resolved: { provider: 'fake', profile: 'shop2', values: { key: SECRET }, source: 'keychain' },
    method, url: new URL('https://api.fake.test/v1/things'), headers: { 'x-key': SECRET }, redact: createRedactor([SECRET]),
    // What core/operation.ts says for a provider without a catalog: its own rule.
    known: { readOnly: fake.readOnly!(method, '/v1/things') },
  });

  it('a rate limit is waited out for as long as the provider asks, told as an event, then the answer is the result', async () => {
    const { ctx, slept } = setUp([{ status: 429, headers: { 'x-wait': '1500' } }, { status: 200, headers: {}, body: '{}' }]);
    const events: CoreEvent[] = [];
    const result = await sendCall(ctx, callOf('POST'), { retries: 3, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(slept).toEqual([1500]);
    expect(events).toEqual([{ type: 'wait', ms: 1500, reason: 'rate limited (HTTP 429)' }]);
  });

  it('still rate limited after the retries: exit 5, with the provider\'s message', async () => {
    const limited = { status: 429, headers: { 'x-wait': '10' }, body: '{"message":"slow down"}' };
    const { ctx, sent } = setUp([limited, limited, limited]);
    const result = await sendCall(ctx, callOf('GET'), { retries: 2 });
    expect(sent).toHaveLength(3);
    expect(result.ok || result.error).toMatchObject({ exitCode: 5, message: 'fake: GET /v1/things → 429: slow down' });
  });

  it('a 5xx is retried for a read, sent once for a write, whose error says why', async () => {
    const read = setUp([{ status: 503, headers: {} }, { status: 200, headers: {} }]);
    const events: CoreEvent[] = [];
    expect((await sendCall(read.ctx, callOf('GET'), { retries: 1, onEvent: (e) => events.push(e) })).ok).toBe(true);
    expect(events).toMatchObject([{ type: 'wait', reason: 'HTTP 503 on a read-only request' }]);
    const write = setUp([{ status: 503, headers: {} }, { status: 200, headers: {} }]);
    const result = await sendCall(write.ctx, callOf('POST'), { retries: 1 });
    expect(write.sent).toHaveLength(1);
    expect(result.ok || result.error.hints).toEqual(['not retried: POST /v1/things is not known to only read, so it may have been applied; check before sending it again']);
  });

  it('the reason of a wait reaches the caller redacted', async () => {
    const { ctx } = setUp([new Error(`cannot reach ${SECRET}.example`), { status: 200, headers: {} }]);
    const events: CoreEvent[] = [];
    await sendCall(ctx, callOf('GET'), { retries: 1, onEvent: (e) => events.push(e) });
    expect(events).toMatchObject([{ type: 'wait', reason: 'cannot reach ***.example; retrying a read-only request' }]);
  });
});
