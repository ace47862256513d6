/**
 * Colour as whoami shows it: on a terminal (script(1)) and with FORCE_COLOR, never with NO_COLOR or
 * TERM=dumb; and a coloured run loads no colour package (no chalk, no ES module loader: ~12 ms).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMkt } from '../helpers/cli.js';
import { sandboxForFile, VALID_CREDENTIALS_ENV } from '../helpers/sandbox.js';
import { hasScript, runOnTerminal } from '../helpers/script-terminal.js';

const { home, env: sandboxOnly } = await sandboxForFile();
const ozon = { ...sandboxOnly, OZON_CLIENT_ID: VALID_CREDENTIALS_ENV.OZON_CLIENT_ID!, OZON_API_KEY: VALID_CREDENTIALS_ENV.OZON_API_KEY! };
const COLOURED = '\u001b[32m✓\u001b[39m ozon \u001b[2m(env OZON_CLIENT_ID, OZON_API_KEY)\u001b[22m';

describe('whoami in colour', () => {
  it('FORCE_COLOR colours a piped run; NO_COLOR wins over it', async () => {
    const forced = await runMkt(['whoami', 'ozon'], { env: { ...ozon, FORCE_COLOR: '1' } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout.startsWith(`${COLOURED}\n`), JSON.stringify(forced.stdout)).toBe(true);
    for (const env of [{}, { FORCE_COLOR: '1', NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      const plain = await runMkt(['whoami', 'ozon'], { env: { ...ozon, ...env } });
      expect(plain.stdout, JSON.stringify(env)).toMatch(/^✓ ozon \(env OZON_CLIENT_ID, OZON_API_KEY\)\n/);
      expect(plain.stdout).not.toContain('\u001b');
    }
  });

  it.skipIf(!hasScript)('is coloured on a terminal, plain there with NO_COLOR or TERM=dumb', async () => {
    const shown = await runOnTerminal(['whoami', 'ozon'], ozon);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(COLOURED);
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }] as Array<Record<string, string>>) {
      const plain = await runOnTerminal(['whoami', 'ozon'], { ...ozon, ...env });
      expect(plain.code).toBe(0);
      expect(plain.stderr, JSON.stringify(env)).toContain('✓ ozon (env OZON_CLIENT_ID, OZON_API_KEY)');
      expect(plain.stderr).not.toMatch(/\u001b\[\d+m/);
    }
  });

  it('loads no colour package and no ES module loader to colour (~12 ms of a ~55 ms start with chalk)', async () => {
    const hook = join(home.dir, 'loaded.cjs');
    writeFileSync(hook, "process.on('exit', () => require('node:fs').writeSync(2, [...process.moduleLoadList, ...Object.keys(require.cache)].join('\\n')));");
    const r = await runMkt(['whoami', 'ozon'], { env: { ...ozon, FORCE_COLOR: '1', NODE_OPTIONS: `--require=${hook}` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(COLOURED);
    const loaded = r.stderr.split('\n');
    expect(loaded).toContain('NativeModule fs');
    // (esm/loader and esm/utils are in every Node start; these come with the first ES module required)
    expect(loaded.filter((m) => /chalk|internal\/modules\/esm\/(translators|module_job)$/.test(m))).toEqual([]);
  });
});
