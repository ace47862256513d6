import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry } from '../../src/cli/provider-registry.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { acmeSpec, configWithSpecs, exampleSpec } from '../helpers/user-spec.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function load(specs: Record<string, unknown>) {
  const config = configWithSpecs(specs);
  cleanups.push(config.cleanup);
  return loadRegistry(config.dir);
}

/** The one problem of a registry loaded from `specs`; the built-ins must be there all the same. */
function problemOf(specs: Record<string, unknown>): string {
  const registry = load(specs);
  expect(registry.all.slice(0, 4).map((p) => p.id)).toEqual(['ozon', 'yandex', 'ozzie', 'wb']);
  expect(registry.problems, JSON.stringify(registry.all.map((p) => p.id))).toHaveLength(1);
  return registry.problems[0]!.message;
}

const acmeWith = (change: (spec: Record<string, any>) => void): Record<string, unknown> => {
  const spec = acmeSpec() as Record<string, any>;
  change(spec);
  return { 'acme.json': spec };
};

describe('loading user specs', () => {
  it('loads the docs example next to the built-ins; no providers dir is the built-ins alone', () => {
    const registry = load({ 'airtable.json': exampleSpec() });
    expect(registry.problems).toEqual([]);
    expect(registry.all.map((p) => p.id)).toEqual(['ozon', 'yandex', 'ozzie', 'wb', 'airtable']);
    expect(registry.find(' AirTable ')?.title).toBe('Airtable Web API');
    expect(registry.find('airtable')?.specFile).toMatch(/providers\/airtable\.json$/);
    expect(loadRegistry('/nonexistent/mkt-config')).toBe(builtInRegistry);
  });

  it('keeps the good specs and the built-ins when one spec is bad', () => {
    const registry = load({ 'airtable.json': exampleSpec(), 'acme.json': '{ not json' });
    expect(registry.all.map((p) => p.id)).toEqual(['ozon', 'yandex', 'ozzie', 'wb', 'airtable']);
    expect(registry.problemFor('ACME')?.message).toMatch(/^providers\/acme\.json: not valid JSON/);
    expect(registry.problemFor('airtable')).toBeUndefined();
  });

  // Each kind of mistake: one line that names the file and the key path.
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown key', acmeWith((s) => (s.tokn = 1)), /^providers\/acme\.json: tokn: unknown key \(known: id, title, docsUrl/],
    ['a wrong type', acmeWith((s) => (s.title = 5)), /^providers\/acme\.json: title: expected a string, got a number$/],
    ['a missing key', acmeWith((s) => delete s.verify), /: verify: missing \(required\)$/],
    ['an unknown field in a template', acmeWith((s) => (s.auth.headers['X-Key'] = '{tokn}')), /^providers\/acme\.json: auth\.headers\.X-Key: unknown field \{tokn\} \(fields: account, token\)$/],
    ['an unclosed base64(', acmeWith((s) => (s.auth.headers['X-Key'] = 'base64({token}')), /auth\.headers\.X-Key: base64\( without a closing '\)'$/],
    ['a header of no field', acmeWith((s) => (s.auth.headers['X-Version'] = '2024-01-01')), /auth\.headers\.X-Version: uses no field/],
    ['a header mkt sets', acmeWith((s) => (s.auth.headers['content-type'] = '{token}')), /auth\.headers\.content-type: content-type is set by mkt itself/],
    ['a secret sent by no header', acmeWith((s) => delete s.auth.headers['X-Key']), /auth\.headers: no header uses the secret field \{token\} \(fields\[1\]\)/],
    ['an id that is not the file name', acmeWith((s) => (s.id = 'acme2')), /^providers\/acme\.json: id: "acme2" does not match the file name \(acme\.json\)$/],
    ['a plain-http base URL', acmeWith((s) => (s.baseUrl = 'http://api.acme.example')), /baseUrl: http:\/\/api\.acme\.example must use https \(plain http is allowed only to loopback addresses\)$/],
    ['a base URL with a query', acmeWith((s) => (s.baseUrl = 'https://api.acme.example/?key=1')), /baseUrl: must not carry user info, a query or a fragment$/],
    ['a bad variable name', acmeWith((s) => (s.fields[1].env = 'acme-token')), /fields\[1\]\.env: "acme-token" is not an environment variable name/],
    ['a built-in provider\'s variable', acmeWith((s) => (s.fields[1].env = 'OZON_API_KEY')), /fields\[1\]\.env: OZON_API_KEY is already read by the built-in ozon$/],
    ['a variable used twice', acmeWith((s) => (s.baseUrlEnv = 'ACME_TOKEN')), /fields\[1\]\.env: ACME_TOKEN is already read by baseUrlEnv$/],
    ['a system variable', acmeWith((s) => (s.fields[0].env = 'PATH')), /fields\[0\]\.env: PATH is a system or mkt variable/],
    ['an invalid pattern', acmeWith((s) => (s.fields[0].pattern = '[0-9')), /fields\[0\]\.pattern: not a valid regular expression/],
    ['a field key used twice', acmeWith((s) => (s.fields[1].key = 'account')), /fields\[1\]\.key: "account" is the key of another field$/],
    ['a 5xx rate-limit status', acmeWith((s) => (s.rateLimit = { statuses: [429, 503] })), /rateLimit\.statuses\[1\]: expected a whole number from 400 to 499, got 503$/],
    ['an unknown wait format', acmeWith((s) => (s.rateLimit = { wait: { header: 'X-Reset', format: 'epoch' } })), /rateLimit\.wait\.format: "epoch" is not one of delay/],
    ['a status both rejected and rate-limited', acmeWith((s) => (s.errors = { rejected: [401, 429] })), /errors\.rejected: 429 is also a rate-limit status/],
    ['POST as a read-only method', acmeWith((s) => (s.readOnly = { methods: ['GET', 'POST'] })), /readOnly\.methods\[1\]: a POST may change things: list the POST paths that only read in readOnly\.postsEndingWith$/],
    ['DELETE as a read-only method', acmeWith((s) => (s.readOnly = { methods: ['DELETE'] })), /readOnly\.methods\[0\]: DELETE changes things at the provider/],
    ['a verify request that may write', acmeWith((s) => (s.verify = { method: 'POST', path: '/v1/orders' })), /verify\.method: POST \/v1\/orders is not read-only by this spec's readOnly rule/],
    ['a cursor sent nowhere known', acmeWith((s) => (s.paginate = { nextCursor: 'next', cursorIn: 'header', cursorParam: 'c' })), /paginate\.cursorIn: "header" is not query or body$/],
    ['a path with an empty name', acmeWith((s) => (s.errors = { message: ['error..message'] })), /errors\.message\[0\]: "error\.\.message" is not a path/],
    ['a control character', acmeWith((s) => (s.title = 'Acme\u001b[31m')), /title: contains a control character$/],
  ])('%s', (_name, specs, expected) => {
    expect(problemOf(specs)).toMatch(expected);
  });

  it('refuses to shadow a built-in id or alias, and says which', () => {
    expect(problemOf({ 'ozon.json': { ...acmeSpec(), id: 'ozon' } })).toBe(
      'providers/ozon.json: id: ozon is the built-in Ozon Seller API; a spec cannot replace it: give the file and its id another name',
    );
    expect(problemOf({ 'ym.json': { ...acmeSpec(), id: 'ym' } })).toMatch(/id: ym is a name of the built-in yandex/);
    expect(load({ 'ozon.json': { ...acmeSpec(), id: 'ozon' } }).find('ozon')?.title).toBe('Ozon Seller API');
  });

  it('gives a variable to the first spec by file name, and names it to the second', () => {
    const beta = { ...acmeSpec(), id: 'beta', baseUrlEnv: 'BETA_API_URL' };
    const registry = load({ 'acme.json': acmeSpec(), 'beta.json': beta });
    expect(registry.all.map((p) => p.id)).toContain('acme');
    expect(registry.problems.map((p) => p.message)).toEqual(['providers/beta.json: fields[0].env: ACME_ACCOUNT is already read by acme (providers/acme.json)']);
  });

  it('says where JSON breaks by line and column, without quoting the file', () => {
    expect(problemOf({ 'acme.json': '{\n  "id": "acme"\n  "title": "x"\n}' })).toBe(
      "providers/acme.json: not valid JSON: Expected ',' or '}' after property value (line 3, column 3)",
    );
  });

  it('reports a spec in another format, a bad file name, a huge file; skips what is not a spec', () => {
    expect(problemOf({ 'acme.yaml': 'id: acme' })).toBe('providers/acme.yaml: only JSON specs are read: write it as providers/acme.json');
    expect(problemOf({ 'Acme_1.json': acmeSpec() })).toMatch(/^providers\/Acme_1\.json: the file name must be <id>\.json/);
    expect(problemOf({ 'acme.json': `{"$comment": "${'x'.repeat(300 * 1024)}"}` })).toBe('providers/acme.json: larger than 256 KB');
    expect(load({ 'README.md': '# notes', '.acme.json.swp': 'x', 'acme.json.bak': '{' }).problems).toEqual([]);
  });

  it('never blocks on a FIFO and never prints a file name that would break the line', () => {
    const config = configWithSpecs({});
    cleanups.push(config.cleanup);
    execFileSync('mkfifo', [join(config.dir, 'providers', 'acme.json')]);
    writeFileSync(join(config.dir, 'providers', 'x\ny.json'), '{}');
    mkdirSync(join(config.dir, 'providers', 'dir.json'));
    const messages = loadRegistry(config.dir).problems.map((p) => p.message);
    expect(messages).toContain('providers/acme.json: not a regular file');
    expect(messages).toContain('providers/dir.json: not a regular file');
    expect(messages.find((m) => m.includes('x\\ny'))).toMatch(/^providers\/"x\\ny\.json": the file name must be/);
    for (const m of messages) expect(m).not.toContain('\n');
  });
});
