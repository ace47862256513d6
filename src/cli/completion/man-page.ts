/**
 * `man mkt`: the man page (roff, man macros) written from the command definitions and the declared
 * environment variables at build time, so it says what `mkt help <command>` says.
 */
import type { EnvVar } from '../../core/env-vars.js';
import type { ArgumentSpec, CommandSpec, OptionSpec, ProgramSpec } from './spec.js';

const DOCS_URL = 'https://github.com/mkt-cli/mkt/tree/main/docs';

export function manPage(spec: ProgramSpec, env: readonly EnvVar[], date: Date): string {
  const lines = [
    `.TH MKT 1 ${quoted(date.toISOString().slice(0, 10))} ${quoted(`mkt ${spec.version}`)} "User Commands"`,
    '.SH NAME',
    `mkt \\- ${text(spec.description)}`,
    '.SH SYNOPSIS',
    `.B mkt`,
    text('[options] <command> [arguments]'),
    '.SH DESCRIPTION',
    text(spec.description),
    '.PP',
    text('Every command has --help with examples, and mkt help <command> prints the same text as this page.'),
    '.SH GLOBAL OPTIONS',
    ...spec.options.flatMap(option),
    '.SH COMMANDS',
    ...spec.commands.flatMap(command),
    '.SH ENVIRONMENT',
    ...env.flatMap((v) => ['.TP', `.B ${text(v.name)}`, text(`${plain(v.meaning)}${v.default ? ` Default: ${plain(v.default)}.` : ''}`)]),
    ...(spec.after ? ['.SH NOTES', ...block(spec.after)] : []),
    '.SH SEE ALSO',
    text(`The guides of mkt: ${DOCS_URL} (also in the package, under docs/).`),
  ];
  return `${lines.join('\n')}\n`;
}

function command(cmd: CommandSpec): string[] {
  return [
    `.SS ${quoted(cmd.usage)}`,
    text(cmd.description),
    ...(cmd.aliases.length ? ['.PP', text(`Also: ${cmd.aliases.join(', ')}.`)] : []),
    ...cmd.arguments.flatMap(argument),
    ...cmd.options.flatMap(option),
    ...(cmd.after ? ['.PP', ...block(cmd.after)] : []),
  ];
}

function argument(arg: ArgumentSpec): string[] {
  const name = `${arg.name}${arg.variadic ? '...' : ''}`;
  return ['.TP', `.I ${text(arg.required ? `<${name}>` : `[${name}]`)}`, text(arg.description || ' ')];
}

function option(opt: OptionSpec): string[] {
  const [flags, value] = opt.value ? [opt.flags.slice(0, opt.flags.lastIndexOf(' ')), opt.flags.slice(opt.flags.lastIndexOf(' ') + 1)] : [opt.flags, ''];
  return ['.TP', `\\fB${text(flags)}\\fR${value ? ` \\fI${text(value)}\\fR` : ''}`, text(opt.description || ' ')];
}

/** Preformatted, as the help prints it (the examples line up in columns). */
const block = (s: string): string[] => ['.nf', ...s.split('\n').map(text), '.fi'];

/**
 * Roff-safe text: backslashes escaped, hyphens as minus signs, no line read as a request, and pure
 * ASCII (`\\[u0431]` for a Cyrillic letter), which every man reads whatever the locale.
 */
function text(s: string): string {
  return s
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/[^\0-\x7f]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

const quoted = (s: string): string => `"${text(s).replace(/"/g, '\\(dq')}"`;

/** The docs' Markdown as plain words: `code` and [links](…) without their marks. */
const plain = (markdown: string): string => markdown.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
