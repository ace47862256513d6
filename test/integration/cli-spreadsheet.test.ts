/**
 * For spreadsheet and jq users (issue 17): `--paginate --slurp`, `--output csv|tsv --fields`, and
 * --filter given jq syntax — through the built CLI against the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';

const { env: sandboxOnly } = await sandboxForFile({ ozzieUsers: 7 });
const env = { ...sandboxOnly, ...VALID_CREDENTIALS_ENV };
const call = (args: string[]) => runMkt(['call', ...args], { env });

/** A name a spreadsheet must keep whole: Cyrillic, a quote, a comma and a line break. */
const AWKWARD = 'Иван "Ваня", Петров\nООО «Ромашка»';
const created = await call(['ozzie', 'POST', '/v1/users', 'external_user_id=csv-1', `name=${AWKWARD}`, 'language=en']);
if (created.code !== 0) throw new Error(`setup: ${created.stderr}`);

describe('--paginate --slurp', () => {
  it('prints one JSON array of every item over all pages', async () => {
    const r = await call(['ozzie', 'GET', '/v1/users', 'limit==3', '--paginate', '--items', '--slurp']);
    expect(r.code, r.stderr).toBe(0);
    const users = JSON.parse(r.stdout) as Array<{ external_user_id: string }>;
    expect(users).toHaveLength(8);
    expect(new Set(users.map((u) => u.external_user_id)).size).toBe(8);
  });
  it('of pages without --items, and of what --filter selects', async () => {
    const pages = JSON.parse((await call(['ozzie', 'GET', '/v1/users', 'limit==5', '--paginate', '--slurp'])).stdout) as Array<{ data: unknown[] }>;
    expect(pages.map((p) => p.data.length)).toEqual([5, 3]);
    const names = await call(['ozzie', 'GET', '/v1/users', 'limit==5', '--paginate', '--slurp', '--filter', 'data[].name']);
    expect(JSON.parse(names.stdout)).toContain(AWKWARD);
  });
  it('works only with --paginate, and not with --output', async () => {
    expectOneLineError(await call(['ozzie', 'GET', '/v1/users', '--slurp']), 2, /^mkt: --slurp works only with --paginate$/);
    expectOneLineError(await call(['ozzie', 'GET', '/v1/users', '--paginate', '--slurp', '--output', 'csv', '--fields', 'id']), 2, /--output and --slurp cannot be used together/);
  });
});

describe('--output csv|tsv --fields', () => {
  it('csv: a header row, a row per item of every page, the awkward name quoted and intact', async () => {
    const r = await call(['ozzie', 'GET', '/v1/users', 'limit==3', '--paginate', '--output', 'csv', '--fields', 'external_user_id,name,language,missing']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('external_user_id,name,language,missing');
    expect(r.stdout).toContain(`csv-1,"Иван ""Ваня"", Петров\nООО «Ромашка»",en,\n`);
    expect(r.stdout.match(/^[a-z0-9_-]+,/gm)).toHaveLength(9); // the header and 8 users
  });
  it('tsv of one answer: the items the provider\'s paging finds in it', async () => {
    const r = await call(['yandex', 'GET', '/v2/regions/225/children', 'pageSize==5', '--output', 'tsv', '--fields', 'id,name,type']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^id\tname\ttype\n10001\tСубъект 01\t[A-Z_]+\n/);
    expect(r.stdout.trim().split('\n')).toHaveLength(6);
  });
  it('--filter picks the rows', async () => {
    const r = await call(['ozzie', 'GET', '/v1/users', 'limit==50', '--filter', 'data[]', '--output', 'tsv', '--fields', 'external_user_id,name']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('csv-1\tИван "Ваня", Петров\\nООО «Ромашка»\n');
  });
  it('is refused without --fields, with --json, or for a value that is not a format', async () => {
    expectOneLineError(await call(['ozzie', 'GET', '/v1/users', '--output', 'csv']), 2, /--output csv needs --fields/);
    expectOneLineError(await call(['ozzie', 'GET', '/v1/users', '--output', 'csv', '--fields', 'id', '--json']), 2, /--output and --json cannot be used together/);
    expectOneLineError(await call(['ozzie', 'GET', '/v1/users', '--output', 'xlsx', '--fields', 'id']), 2, /Allowed choices are csv, tsv/);
  });
});

describe('--filter given jq', () => {
  it.each(['.data[] | .name', 'map(.name)', '.data[] | select(.language == "en")'])('%s: exit 2, this is not jq, nothing sent', async (jq) => {
    const r = await call(['ozzie', 'GET', '/v1/users', '--filter', jq]);
    expectOneLineError(r, 2, /this is not jq: pipe to jq instead/);
    expect(r.stdout).toBe('');
  });
  it('a leading dot is still a path', async () => {
    const r = await call(['ozzie', 'GET', '/v1/users', 'limit==50', '--filter', '.data[].external_user_id']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('csv-1');
  });
});
