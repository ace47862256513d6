/**
 * `man mkt` (dist/mkt.1, written at build time from the command definitions), `mkt help <command>`
 * and docs/commands.md say the same: every command and every option of each is in all three.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMkt } from '../helpers/cli.js';
import { repoRoot } from '../helpers/bundle.js';
import type { ProgramSpec } from '../../src/cli/completion/spec.js';
import { missingTool } from '../helpers/tools.js';

const spec = JSON.parse(readFileSync(join(repoRoot, 'dist', 'commands.json'), 'utf8')) as ProgramSpec;
const man = readFileSync(join(repoRoot, 'dist', 'mkt.1'), 'utf8');
const docs = readFileSync(join(repoRoot, 'docs', 'commands.md'), 'utf8');

/** The page's words without roff's escapes and font changes. */
const unroff = (s: string): string => s.replace(/\\f[BIR]/g, '').replace(/\\-/g, '-').replace(/\\e/g, '\\').replace(/\\\[u([0-9A-F]+)\]/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));

/** From a line starting with `start` to the next line starting with one of `ends` (or the end). */
function section(text: string, start: string, ends: RegExp): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(start));
  if (at < 0) return '';
  const after = lines.slice(at + 1).findIndex((l) => ends.test(l));
  return lines.slice(at, after < 0 ? undefined : at + 1 + after).join('\n');
}

const manSection = (command: string) => unroff(section(man, `.SS "mkt ${command}`, /^\.S[SH] /));
/** A command's section of docs/commands.md, with the global options' table above the first section. */
const docsSection = (command: string) => `${docs.slice(0, docs.indexOf('\n## '))}\n${section(docs, `## \`mkt ${command}`, /^## /)}`;

const mentions = (text: string, name: string): boolean => new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'm').test(text);

describe('man mkt, mkt help and docs/commands.md agree', () => {
  it('lists the commands `mkt --help` lists, each with its own section in the page and in the docs', async () => {
    const help = (await runMkt(['--help'])).stdout;
    const commands = help.slice(help.indexOf('\nCommands:\n'));
    const listed = [...commands.slice(0, commands.indexOf('\n\n')).matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(spec.commands.map((c) => c.name)).toEqual(listed);
    for (const { name } of spec.commands) {
      expect(manSection(name), `man page: ${name}`).not.toBe('');
      expect(section(docs, `## \`mkt ${name}`, /^## /), `docs/commands.md: ${name}`).not.toBe('');
    }
  });

  it('has every option of every command, and the global ones, in all three', async () => {
    const missing: string[] = [];
    const check = (where: string, text: string, command: string, names: string[]) => {
      if (!names.some((n) => mentions(text, n))) missing.push(`${names.join(', ')} of ${command}: not in ${where}`);
    };
    const globals = unroff(section(man, '.SH GLOBAL OPTIONS', /^\.SH /));
    for (const option of spec.options) {
      check('the man page', globals, 'mkt', option.names);
      check('mkt --help', (await runMkt(['--help'])).stdout, 'mkt', option.names);
      check('docs/commands.md', docsSection('-'), 'mkt', option.names);
    }
    for (const command of spec.commands) {
      const help = await runMkt(['help', command.name]);
      expect(help.code, help.stderr).toBe(0);
      for (const option of command.options) {
        check('the man page', manSection(command.name), command.name, option.names);
        check(`mkt help ${command.name}`, help.stdout, command.name, option.names);
        check('docs/commands.md', docsSection(command.name), command.name, option.names);
      }
      expect(unroff(manSection(command.name)), command.name).toContain(command.description.split('\n')[0]);
    }
    expect(missing).toEqual([]);
  });

  it("carries each command's examples as its help prints them", async () => {
    const call = (await runMkt(['help', 'call'])).stdout;
    const examples = call.slice(call.indexOf('Examples:')).trimEnd();
    expect(examples).toMatch(/^Examples:\n {2}mkt call /);
    expect(manSection('call')).toContain(examples);
  });
});

describe('the man page as man reads it', () => {
  it.skipIf(missingTool('groff', 'groff-base'))('is roff that groff reads without a warning, pure ASCII', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', join(repoRoot, 'dist', 'mkt.1')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect([...man].findIndex((c) => c.charCodeAt(0) > 0x7f)).toBe(-1);
  });

  it.skipIf(missingTool('man', 'man-db'))('renders: `man -l` shows the commands, their options and the Cyrillic of the examples', () => {
    const r = spawnSync('man', ['-l', join(repoRoot, 'dist', 'mkt.1')], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8', MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME\n\s+mkt\s+-\s+Marketplace\s+seller/m);
    expect(r.stdout).toMatch(/^ {3}mkt call \[options\] <provider> <request\.\.\.>$/m);
    expect(r.stdout).toContain('mkt api ozon остатки');
  });

  it('is installed with the package: package.json "man" names it, and npm pack ships it', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { man?: string };
    expect(manifest.man).toBe('./dist/mkt.1');
    const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    expect(pack[0]!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/mkt.1', 'dist/commands.json', 'dist/complete.cjs']));
  });
});
