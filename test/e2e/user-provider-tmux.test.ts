/**
 * `mkt login acme` for a provider of the user's own spec, as a person uses it: in a real terminal
 * (tmux), the prompts made from the spec's fields, against a tiny server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runMkt } from '../helpers/cli.js';
import { tmuxSkipReason } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';
import { acmeSpec } from '../helpers/user-spec.js';

const tmuxMissing = tmuxSkipReason();
if (tmuxMissing) console.log(`tmux user-provider login test skipped: ${tmuxMissing}`);

const ACCOUNT = '48151623';
const TOKEN = 'acme_live_Q7w9ZpL2mX4vR8sT1nB6yK3c';

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.headers['x-account'] === ACCOUNT && req.headers['x-key'] === TOKEN;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { user: { name: 'Ann Example' } } : { message: 'bad key' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const terminals = useTerminalHome();

describe.skipIf(tmuxMissing)('mkt login <user provider> in a terminal', () => {
  it('prompts for each field of the spec: checks the id against its pattern, masks the secret, verifies, stores', async () => {
    const config = terminals.home.env.MKT_CONFIG_DIR!;
    mkdirSync(join(config, 'providers'), { recursive: true });
    writeFileSync(join(config, 'providers', 'acme.json'), JSON.stringify({ ...acmeSpec(), guide: ['Acme console → Settings → API keys.'] }));
    const env = { ...terminals.home.env, ACME_API_URL: baseUrl, MKT_PASSPHRASE: 'tmux-test-passphrase' };
    const t = await terminals.open([process.execPath, BIN, 'login', 'acme', '--store', 'file'], env);

    await t.waitFor(/Acme API: where to find the credentials\n\s+• Acme console → Settings → API keys\./);
    await t.waitFor(/\? Account id \(not secret\)/);
    await t.type('12ab');
    await t.press('Enter');
    await t.waitFor(/acme Account id '12ab' is not valid: expected digits, e\.g\. 1234/);
    for (let i = 0; i < 4; i++) await t.press('BSpace');
    await t.type(ACCOUNT);
    await t.press('Enter');

    await t.waitFor(/\? API token \(secret: not shown as you type\)/);
    await t.type(TOKEN);
    const line = await t.waitFor(new RegExp(`API token \\(secret: not shown as you type\\)\\S* . \\S{${TOKEN.length}}\\s*$`, 'm'));
    expect(line).toMatch(new RegExp(`\\*{${TOKEN.length}}\\s*$`, 'm'));
    await t.press('Enter');
    await t.waitFor(/Logged in to Acme API \(profile default; verified, stored in file\)/);
    await t.waitFor(/name\s+Ann Example/);
    const raw = (await t.rawOutput()).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(raw).toContain('API token');
    for (let i = 0; i + 8 <= TOKEN.length; i++) expect(raw).not.toContain(TOKEN.slice(i, i + 8));

    const who = await runMkt(['whoami', 'acme', '--json'], { env });
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)[0]).toMatchObject({ ok: true, source: 'file', identity: { name: 'Ann Example' } });
  });
});
