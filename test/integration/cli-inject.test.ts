/**
 * `mkt inject -i template -o out` (issue 17, "Env-file references"): the output created 0600 with
 * the references filled in, the template never changed, a file git tracks refused without --force,
 * an unknown reference exit 3 naming it; no secret in anything mkt prints.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt, type RunResult } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';

const { home, env: sandboxOnly } = await sandboxForFile();
const OZON = S.ozon.expiring;
const YANDEX = S.yandex.valid;
const env = { ...sandboxOnly, MKT_PASSPHRASE: 'inject-test-passphrase' };
const mkt = (args: string[], input?: string) => runMkt(args, { env, input });

for (const [args, input] of [
  [['login', 'ozon', '--stdin', '--store', 'file', '-p', 'shop2', '--no-verify'], `OZON_CLIENT_ID=${OZON.clientId}\nOZON_API_KEY=${OZON.apiKey}\n`],
  [['login', 'yandex', '--stdin', '--store', 'file', '--no-verify'], YANDEX.token],
] as const) {
  const r = await mkt([...args], input);
  if (r.code !== 0) throw new Error(`setup: ${r.stderr}`);
}

// A project: the template is committed, the output ignored.
const repo = join(home.dir, 'project');
mkdirSync(repo);
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
git('init', '-q');
const TEMPLATE = ['# config for the sync job', 'ozon:', '  client_id: "mkt://ozon/shop2/clientId"', '  api_key: mkt://ozon/shop2/apiKey', 'yandex_token: mkt://yandex/default/token', 'language: ru', ''].join('\n');
const template = join(repo, 'config.template.yaml');
writeFileSync(template, TEMPLATE);
writeFileSync(join(repo, '.gitignore'), 'config.yaml\n');
writeFileSync(join(repo, 'tracked.yaml'), 'committed: true\n');
git('add', '.');
git('commit', '-q', '-m', 'template');
const at = (name: string) => join(repo, name);
const FILLED = TEMPLATE.replace('mkt://ozon/shop2/clientId', OZON.clientId).replace('mkt://ozon/shop2/apiKey', OZON.apiKey).replace('mkt://yandex/default/token', YANDEX.token);

function expectNoSecrets(r: RunResult): void {
  for (const secret of [OZON.apiKey, YANDEX.token]) expectNoPieceOf(r, secret);
}
const mode = (path: string) => statSync(path).mode & 0o777;

describe('mkt inject', () => {
  it('writes the output 0600 with every reference filled in; the template is unchanged; nothing secret is printed', async () => {
    const r = await mkt(['inject', '-i', template, '-o', at('config.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Wrote ${at('config.yaml')}: 3 references filled in (ozon, yandex); mode 0600\n`);
    expect(r.stderr).toBe('');
    expect(readFileSync(at('config.yaml'), 'utf8')).toBe(FILLED);
    expect(mode(at('config.yaml'))).toBe(0o600);
    expect(readFileSync(template, 'utf8')).toBe(TEMPLATE);
    expectNoSecrets(r);
  });

  it('replaces an output that is there (0644) with a 0600 one; reads the template from stdin with -i -', async () => {
    writeFileSync(at('config.yaml'), 'old\n', { mode: 0o644 });
    const r = await mkt(['inject', '-i', '-', '-o', at('config.yaml')], TEMPLATE);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(at('config.yaml'), 'utf8')).toBe(FILLED);
    expect(mode(at('config.yaml'))).toBe(0o600);
  });

  it('an output git neither tracks nor ignores is written, with a note to ignore it', async () => {
    const r = await mkt(['inject', '-i', template, '-o', at('loose.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`mkt: note: git does not ignore ${at('loose.yaml')}: add it to .gitignore, so its secrets are never committed\n`);
  });

  it('a file git tracks is refused (exit 2, left as it was) unless --force', async () => {
    const r = await mkt(['inject', '-i', template, '-o', at('tracked.yaml')]);
    expectOneLineError(r, 2, /tracked\.yaml is tracked by git: the secrets would go into the next commit$/);
    expect(readFileSync(at('tracked.yaml'), 'utf8')).toBe('committed: true\n');
    const forced = await mkt(['inject', '-i', template, '-o', at('tracked.yaml'), '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(at('tracked.yaml'), 'utf8')).toBe(FILLED);
    expect(mode(at('tracked.yaml'))).toBe(0o600);
    git('checkout', '--', 'tracked.yaml');
  });

  it('the template as its own output is refused, even with --force', async () => {
    expectOneLineError(await mkt(['inject', '-i', template, '-o', template, '--force']), 2, /is the template itself/);
    expect(readFileSync(template, 'utf8')).toBe(TEMPLATE);
  });

  it('an unknown reference is exit 3 naming it and its line; no output is written', async () => {
    const bad = at('bad.template');
    writeFileSync(bad, 'a: mkt://ozon/shop2/apiKey\nb: mkt://ozon/shop9/apiKey\n');
    const r = await mkt(['inject', '-i', bad, '-o', at('bad.out')]);
    expectOneLineError(r, 3, /bad\.template line 2: 'mkt:\/\/ozon\/shop9\/apiKey': no credentials for ozon \(profile shop9\)$/);
    expect(r.stderr).toMatch(/^ {2}run `mkt login ozon --profile shop9`: a reference always names a stored profile$/m);
    expect(existsSync(at('bad.out'))).toBe(false);
    expectNoSecrets(r);
  });

  it('-i and -o are required; a template that cannot be read is exit 2', async () => {
    expectOneLineError(await mkt(['inject', '-o', at('x')]), 2, /required option '-i, --input <template>' not specified/);
    expectOneLineError(await mkt(['inject', '-i', template]), 2, /required option '-o, --output <file>' not specified/);
    expectOneLineError(await mkt(['inject', '-i', at('missing'), '-o', at('x')]), 2, /^mkt: -i .*missing: cannot read the template \(ENOENT\)$/);
    expectOneLineError(await mkt(['inject', '-i', repo, '-o', at('x')]), 2, /not a regular file \(a directory\)/);
    expectOneLineError(await mkt(['inject', '-i', template, '-o', repo]), 2, /is a directory$/);
  });
});
