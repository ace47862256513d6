/**
 * What may come next on a command line: the words typed so far are read against the command
 * definitions (dist/commands.json), the way commander would parse them, and the word being typed is
 * completed from what the definitions say it is (a command, an option, a choice) or from `sources`
 * (providers, profiles, catalog paths). No shell's syntax here: see shell-words.ts and format.ts.
 */
import type { ArgumentSpec, CommandSpec, OptionSpec, ProgramSpec } from './spec.js';

export interface Candidate {
  value: string;
  description?: string;
}

/** What the shell should add by itself: file names, or program names (the command of `exec`). */
export type Fallback = 'none' | 'files' | 'commands';

export interface Completion {
  candidates: Candidate[];
  fallback: Fallback;
}

export interface Sources {
  /** Ids and aliases. */
  providers(): Candidate[];
  /** The stored profile names, of one provider (by any of its names) when one is given. */
  profiles(provider?: string): Promise<Candidate[]>;
  /** The catalog's paths of a provider (by any of its names), of one method when one is given. */
  paths(provider: string, method?: string): Promise<Candidate[]>;
  methods: readonly string[];
}

interface Parsed {
  command?: CommandSpec;
  positionals: string[];
  /** How many positionals came before `--`, when it was given. */
  dashDash?: number;
  /** The option whose value is the word being typed. */
  awaiting?: OptionSpec;
}

const NOTHING: Completion = { candidates: [], fallback: 'none' };

export async function complete(spec: ProgramSpec, words: readonly string[], current: string, sources: Sources): Promise<Completion> {
  const parsed = parse(spec, words);
  if (!parsed) return NOTHING;
  const options = [...(parsed.command?.options ?? []), ...spec.options];
  if (parsed.awaiting) return optionValues(parsed.awaiting, '', current, parsed, sources);
  if (parsed.dashDash === undefined && current.startsWith('-')) {
    const eq = current.indexOf('=');
    const option = eq > 0 ? findOption(options, current.slice(0, eq)) : undefined;
    if (option?.value) return optionValues(option, current.slice(0, eq + 1), current.slice(eq + 1), parsed, sources);
    return only(options.flatMap((o) => o.names.map((value) => ({ value, description: o.description }))), current);
  }
  if (!parsed.command) return only(spec.commands.flatMap((c) => [c.name, ...c.aliases].map((value) => ({ value, description: c.description }))), current);
  return argumentValues(spec, parsed, current, sources);
}

/** Reads the words as commander would; undefined when they name no command mkt has. */
function parse(spec: ProgramSpec, words: readonly string[]): Parsed | undefined {
  const parsed: Parsed = { positionals: [] };
  for (const word of words) {
    const options = [...(parsed.command?.options ?? []), ...spec.options];
    if (parsed.awaiting) parsed.awaiting = undefined;
    else if (parsed.dashDash !== undefined) parsed.positionals.push(word);
    else if (word === '--') parsed.dashDash = parsed.positionals.length;
    else if (word.startsWith('--')) parsed.awaiting = takesNext(findOption(options, word), word.includes('='));
    else if (word.startsWith('-') && word.length > 1) parsed.awaiting = shortCluster(options, word);
    else if (!parsed.command) {
      parsed.command = spec.commands.find((c) => c.name === word || c.aliases.includes(word));
      if (!parsed.command) return undefined;
    } else parsed.positionals.push(word);
  }
  return parsed;
}

const findOption = (options: OptionSpec[], name: string): OptionSpec | undefined => options.find((o) => o.names.includes(name.split('=')[0]!));

/** An option whose value is the next word: a required value not given with `=`. */
const takesNext = (option: OptionSpec | undefined, attached: boolean): OptionSpec | undefined =>
  option?.value && !option.value.optional && !attached ? option : undefined;

/** `-iv`, `-pshop2`: flags run together, the first that takes a value takes the rest (or the next word). */
function shortCluster(options: OptionSpec[], word: string): OptionSpec | undefined {
  for (let i = 1; i < word.length; i++) {
    const option = findOption(options, `-${word[i]}`);
    if (option?.value) return takesNext(option, i < word.length - 1);
  }
  return undefined;
}

async function optionValues(option: OptionSpec, prefix: string, current: string, parsed: Parsed, sources: Sources): Promise<Completion> {
  const prefixed = (c: Completion): Completion => ({ ...c, candidates: c.candidates.map((x) => ({ ...x, value: prefix + x.value })) });
  if (option.choices) return prefixed(only(option.choices.map((value) => ({ value })), current));
  if (option.names.includes('--profile')) return prefixed(only(await sources.profiles(providerOf(parsed)), current));
  if (option.names.includes('--provider')) return prefixed(only(sources.providers(), current));
  return { candidates: [], fallback: /file/i.test(option.value?.name ?? '') ? 'files' : 'none' };
}

/** The provider the command line names so far, if its command takes one. */
function providerOf(parsed: Parsed): string | undefined {
  const at = parsed.command?.arguments.findIndex((a) => isProvider(a)) ?? -1;
  return at < 0 ? undefined : parsed.positionals[at];
}

const isProvider = (arg: ArgumentSpec): boolean => /^providers?$/.test(arg.name);

function argumentValues(spec: ProgramSpec, parsed: Parsed, current: string, sources: Sources): Completion | Promise<Completion> {
  // After `--` come a program and its arguments (`mkt exec ozon -- python sync.py`): mkt's only use of it.
  if (parsed.dashDash !== undefined) return programWord(parsed.positionals.length - parsed.dashDash);
  const args = parsed.command!.arguments;
  const index = parsed.positionals.length;
  const arg = index < args.length ? args[index] : args.at(-1)?.variadic ? args.at(-1) : undefined;
  if (!arg) return NOTHING;
  const within = index - args.indexOf(arg);
  if (arg.choices) return only(arg.choices.map((value) => ({ value })), current);
  if (isProvider(arg)) return only(sources.providers(), current);
  // `help [command]` names one of mkt's; `exec`'s `<command...>` is a program to run.
  if (arg.name === 'command') return arg.variadic ? programWord(within) : only(spec.commands.map((c) => ({ value: c.name, description: c.description })), current);
  const provider = providerOf(parsed);
  if (provider === undefined || (arg.name !== 'request' && arg.name !== 'query')) return NOTHING;
  return requestValues(sources, provider, parsed.positionals.slice(index - within), within, current, arg.name === 'query');
}

/** The shell's own: program names for the first word of a command to run, file names after it. */
const programWord = (at: number): Completion => ({ candidates: [], fallback: at === 0 ? 'commands' : 'files' });

/** `[METHOD] <path>`: a method or a path first, a path after a method; a query's words are not completed. */
async function requestValues(sources: Sources, provider: string, before: string[], within: number, current: string, query: boolean): Promise<Completion> {
  const method = (word: string | undefined) => sources.methods.find((m) => m === word?.toUpperCase());
  if (within === 0) {
    const methods = query && current === '' ? [] : sources.methods.filter((m) => m.startsWith(current.toUpperCase())).map((value) => ({ value }));
    const paths = query && !current.startsWith('/') ? [] : pathsFor(await sources.paths(provider), current);
    return { candidates: [...methods, ...paths], fallback: 'none' };
  }
  if (within === 1 && method(before[0])) return { candidates: pathsFor(await sources.paths(provider, method(before[0])), current), fallback: 'none' };
  return NOTHING;
}

const isParameter = (segment: string): boolean => /^\{[^}]*\}$/.test(segment);

/**
 * The catalog's paths that fit what is typed, a segment at a time: `{campaignId}` fits any id typed
 * for it, and the candidate keeps the id (`/v2/campaigns/123/` → `/v2/campaigns/123/offers`).
 */
export function pathsFor(templates: Candidate[], current: string): Candidate[] {
  const typed = current.split('/');
  const partial = typed.pop()!;
  const seen = new Map<string, Candidate>();
  for (const template of templates) {
    const segments = template.value.split('/');
    if (segments.length <= typed.length) continue;
    if (!typed.every((s, i) => s === segments[i] || (s !== '' && isParameter(segments[i]!)))) continue;
    const next = segments[typed.length]!;
    // Typing into a parameter's place is typing an id: nothing to offer.
    if (!next.startsWith(partial)) continue;
    const value = [...typed, ...segments.slice(typed.length)].join('/');
    if (!seen.has(value)) seen.set(value, { value, description: template.description });
  }
  return [...seen.values()];
}

function only(candidates: Candidate[], current: string): Completion {
  const seen = new Set<string>();
  return { candidates: candidates.filter((c) => c.value.startsWith(current) && !seen.has(c.value) && seen.add(c.value)), fallback: 'none' };
}
