/**
 * `mkt completion bash|zsh|fish` as a shell runs it: the printed script loaded into a real bash, fish
 * and (in a terminal, tmux) zsh, which call the built CLI's `mkt __complete` for what to offer. The
 * config dir holds a user spec and profiles stored by `mkt login`, so providers and profiles are this
 * run's own, not a fixed list.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectOneLineError, runMkt, tempHome } from '../helpers/cli.js';
import { repoRoot } from '../helpers/bundle.js';
import { acmeSpec } from '../helpers/user-spec.js';
import { tmuxSkipReason } from '../helpers/tmux.js';
import { useTerminalHome } from '../helpers/terminal-home.js';
import { missingTool } from '../helpers/tools.js';
import { USER_STORES } from '../../src/store/registry.js';

const home = tempHome();
const bin = join(home.dir, 'bin');
const env = { ...home.env, PATH: `${bin}:${process.env.PATH}`, LANG: 'C.UTF-8', MKT_PASSPHRASE: 'completion-test-passphrase' };

beforeAll(async () => {
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'mkt'));
  mkdirSync(join(home.env.MKT_CONFIG_DIR!, 'providers'), { recursive: true });
  writeFileSync(join(home.env.MKT_CONFIG_DIR!, 'providers', 'acme.json'), JSON.stringify(acmeSpec()));
  for (const [provider, profile, input] of [
    ['ozon', 'shop2', 'OZON_CLIENT_ID=123456\nOZON_API_KEY=completion-test-key\n'],
    ['acme', 'acme-main', 'ACME_ACCOUNT=1234\nACME_TOKEN=completion-test-token\n'],
  ] as const) {
    const r = await runMkt(['login', provider, '--profile', profile, '--stdin', '--no-verify', '--store', 'file'], { env, input });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(() => home.cleanup());

/**
 * The bash function run as bash calls it on Tab: COMP_WORDS split as bash splits them (at spaces, and
 * at COMP_WORDBREAKS' `=` and `:`), COMP_LINE and COMP_POINT at the end of the line.
 */
function bashComplete(line: string): string[] {
  const words = line.split(/\s+/).flatMap((w) => (w === '' ? [''] : w.split(/([=:]+)/).filter((piece) => piece !== '')));
  const script = [
    'source <(mkt completion bash) || exit 9',
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE=$LINE; COMP_POINT=${#LINE}',
    '_mkt_completion mkt "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', ...words], { encoding: 'utf8', env: { ...env, LINE: line }, cwd: home.dir });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash: the completion function of `mkt completion bash`', () => {
  it('completes commands and their options', () => {
    expect(bashComplete('mkt ')).toEqual(expect.arrayContaining(['login', 'call', 'completion', 'help']));
    expect(bashComplete('mkt ca')).toEqual(['call']);
    expect(bashComplete('mkt login ozon --st')).toEqual(['--store', '--stdin']);
  });

  it('completes option values: the store choices, with a space or an = (which bash splits off)', () => {
    expect(bashComplete('mkt login ozon --store ')).toEqual([...USER_STORES]);
    expect(bashComplete('mkt login ozon --store=f')).toEqual(['file']);
    expect(bashComplete('mkt login ozon --store=')).toEqual(USER_STORES.map((kind) => `=${kind}`));
    expect(bashComplete('mkt headers ozon --format ')).toEqual(['http', 'json', 'curl', 'env']);
  });

  it("completes providers with their aliases and the user's specs, and the profiles stored", () => {
    expect(bashComplete('mkt login ')).toEqual(expect.arrayContaining(['ozon', 'yandex', 'ym', 'ozzie', 'acme']));
    expect(bashComplete('mkt whoami -p ')).toEqual(['acme-main', 'shop2']);
    expect(bashComplete('mkt whoami acme -p ')).toEqual(['acme-main']);
  });

  it("completes methods and the catalog's paths after `mkt call <provider>`", () => {
    expect(bashComplete('mkt call ozon /v3/product/l')).toEqual(['/v3/product/list']);
    expect(bashComplete('mkt call ozon P')).toEqual(['POST', 'PUT', 'PATCH']);
    // The campaign id typed is kept; after a method, only that method's paths.
    expect(bashComplete('mkt call yandex GET /v2/campaigns/77/offer')).toEqual(['/v2/campaigns/77/offer-prices']);
    expect(bashComplete('mkt call ym POST /v2/campaigns/77/offers/')).toEqual(['/v2/campaigns/77/offers/stocks', '/v2/campaigns/77/offers/update', '/v2/campaigns/77/offers/delete']);
  });

  it('leaves file names and program names to bash where the definitions say so', () => {
    writeFileSync(join(home.dir, 'body-for-completion.json'), '{}');
    expect(bashComplete('mkt call ozon /v1/roles --input body-for-')).toEqual(['body-for-completion.json']);
    expect(bashComplete('mkt exec ozon -- bas')).toContain('bash');
  });
});

describe.skipIf(missingTool('fish'))('fish: `mkt completion fish`, asked with complete -C', () => {
  const fish = (line: string): string[] => {
    const r = spawnSync('fish', ['--no-config', '-c', 'mkt completion fish | source; or exit 9; complete -C "$LINE"'], { encoding: 'utf8', env: { ...env, LINE: line }, cwd: home.dir });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  };

  it('offers commands, choices, providers and profiles with their descriptions', () => {
    expect(fish('mkt ca')).toEqual([expect.stringMatching(/^call\tan authenticated request/)]);
    expect(fish('mkt login ozon --store=')).toEqual(USER_STORES.map((kind) => `--store=${kind}`).sort());
    expect(fish('mkt whoami --profile ')).toEqual([expect.stringMatching(/^acme-main\tstored for acme$/), expect.stringMatching(/^shop2\tstored for ozon$/)]);
    expect(fish('mkt call ac')).toEqual(['acme\tAcme API']);
  });

  it('offers catalog paths with their titles', () => {
    expect(fish('mkt call ozon /v3/product/l')).toEqual(['/v3/product/list\tСписок товаров']);
  });
});

const terminals = useTerminalHome();

describe.skipIf(tmuxSkipReason())('bash: in an interactive bash (a terminal, Tab pressed)', () => {
  it('completes an = value and a catalog path on the line itself', async () => {
    const rc = join(home.dir, 'bashrc');
    writeFileSync(rc, "source <(mkt completion bash)\nPS1='bash> '\n");
    const term = await terminals.open(['bash', '--noprofile', '--rcfile', rc, '-i'], { ...env, HOME: home.dir });
    await term.waitFor(/bash> $/m);
    await term.type('mkt login ozon --store=f');
    await term.press('Tab');
    await term.waitFor(/bash> mkt login ozon --store=file $/m);
    await term.press('C-u');
    await term.type('mkt call ozon /v3/product/li');
    await term.press('Tab');
    await term.waitFor(/bash> mkt call ozon \/v3\/product\/list $/m);
  });
});

const zshOrTmuxMissing = missingTool('zsh') ?? tmuxSkipReason();

describe.skipIf(zshOrTmuxMissing)('zsh: `mkt completion zsh` in an interactive zsh (a terminal, Tab pressed)', () => {
  it('completes a command, a catalog path, the store choices and the profiles', async () => {
    const zdot = mkdtempSync(join(home.dir, 'zdot-'));
    writeFileSync(join(zdot, '.zshrc'), "autoload -Uz compinit && compinit -u -d \"$ZDOTDIR/.zcompdump\"\nsource <(mkt completion zsh)\nPS1='zsh> '\n");
    const term = await terminals.open(['zsh', '-i'], { ...env, ZDOTDIR: zdot, HOME: home.dir });
    await term.waitFor(/zsh> $/m);
    await term.type('mkt ca');
    await term.press('Tab');
    await term.waitFor(/zsh> mkt call $/m);
    await term.type('ozon /v3/product/li');
    await term.press('Tab');
    await term.waitFor(/zsh> mkt call ozon \/v3\/product\/list $/m);
    await term.press('C-u');
    await term.type('mkt login ozon --store ');
    await term.press('Tab');
    await term.waitFor(new RegExp(`^${[...USER_STORES].sort().join('\\s+')}\\s*$`, 'm'));
    await term.press('C-u');
    await term.type('mkt whoami -p ');
    await term.press('Tab');
    await term.waitFor(/^acme-main\s+-- stored for acme\s*$/m);
    expect(await term.screen()).toMatch(/^shop2\s+-- stored for ozon\s*$/m);
  });
});

describe('the hidden request `mkt __complete`', () => {
  it('is answered without the CLI bundle (its own small one and the definitions the build wrote)', () => {
    const copy = mkdtempSync(join(repoRoot, '.mkt-test-complete-'));
    try {
      cpSync(join(repoRoot, 'bin'), join(copy, 'bin'), { recursive: true });
      cpSync(join(repoRoot, 'dist'), join(copy, 'dist'), { recursive: true });
      symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
      rmSync(join(copy, 'dist', 'run.cjs'));
      const hook = join(copy, 'loaded-modules.cjs');
      writeFileSync(hook, "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.join('\\n')));");
      const r = spawnSync(process.execPath, ['-r', hook, join(copy, 'bin', 'mkt.cjs'), '__complete', 'bash', '/v3/product/l', 'mkt call ozon /v3/product/l'], { encoding: 'utf8', env });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('/v3/product/list\n:none\n');
      // Creating process.stdout loads Node's stream and net modules (src/cli/stdio.ts): not for a Tab.
      expect(r.stderr.split('\n')).not.toContain('NativeModule net');
      expect(r.stderr.split('\n')).not.toContain('NativeModule stream');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('offers no profiles from a corrupt config index, quietly: the line being typed is not the place for the error', async () => {
    const broken = tempHome();
    try {
      mkdirSync(broken.env.MKT_CONFIG_DIR!, { recursive: true });
      writeFileSync(join(broken.env.MKT_CONFIG_DIR!, 'config.json'), '{ not json');
      const r = await runMkt(['__complete', 'zsh', 'whoami', '-p', ''], { env: broken.env });
      expect(r).toEqual({ code: 0, stdout: ':none\n', stderr: '' });
    } finally {
      broken.cleanup();
    }
  });

  it('an unknown shell is exit 2 with one line, for __complete and for mkt completion', async () => {
    expectOneLineError(await runMkt(['__complete', 'pwsh', 'ca'], { env }), 2, /__complete is asked by the scripts of `mkt completion bash\|zsh\|fish`/);
    expectOneLineError(await runMkt(['completion', 'pwsh'], { env }), 2, /'pwsh' is invalid .*Allowed choices are bash, zsh, fish/);
    expectOneLineError(await runMkt(['completion'], { env }), 2, /missing required argument 'shell'/);
  });

  it('each script is valid in its shell', () => {
    for (const [shell, check] of [['bash', ['-n']], ['zsh', ['-n']], ['fish', ['--no-execute']]] as const) {
      if (missingTool(shell)) continue;
      const script = spawnSync(process.execPath, [BIN, 'completion', shell], { encoding: 'utf8', env });
      expect(script.status).toBe(0);
      const file = join(home.dir, `completion.${shell}`);
      writeFileSync(file, script.stdout);
      const r = spawnSync(shell, [...check, file], { encoding: 'utf8' });
      expect(r.status, `${shell}: ${r.stderr}`).toBe(0);
    }
  });
});
