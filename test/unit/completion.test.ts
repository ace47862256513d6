import { describe, expect, it } from 'vitest';
import { Command, Option } from 'commander';
import { complete, pathsFor, type Sources } from '../../src/cli/completion/complete.js';
import { describeProgram } from '../../src/cli/completion/spec.js';
import { programSnapshot } from '../../src/cli/completion/snapshot.js';
import { shellWords } from '../../src/cli/completion/shell-words.js';
import { formatCompletion } from '../../src/cli/completion/format.js';
import { builtInRegistry } from '../../src/providers/index.js';
import { METHODS } from '../../src/providers/types.js';
import { USER_STORES } from '../../src/store/registry.js';
import { HEADER_FORMATS } from '../../src/core/headers.js';

const { spec } = programSnapshot(new Date(0));

const PROFILES = [
  { provider: 'ozon', profile: 'shop2' },
  { provider: 'yandex', profile: 'market-main' },
  { provider: 'yandex', profile: 'shop2' },
];
const PATHS: Record<string, Array<{ method: string; path: string; title: string }>> = {
  ozon: [
    { method: 'POST', path: '/v3/product/list', title: 'Список товаров' },
    { method: 'POST', path: '/v3/product/info/list', title: 'Информация о товарах' },
    { method: 'POST', path: '/v1/roles', title: 'Роли ключа' },
  ],
  yandex: [
    { method: 'GET', path: '/v2/campaigns', title: 'Магазины' },
    { method: 'GET', path: '/v2/campaigns/{campaignId}/offers', title: 'Товары магазина' },
    { method: 'POST', path: '/v2/campaigns/{campaignId}/offer-prices', title: 'Цены' },
  ],
};

/** The sources as completion's own read them, from fixed data; `asked` records what was read. */
function sources(asked: string[] = []): Sources {
  const idOf = (name: string) => builtInRegistry.find(name)?.id;
  return {
    methods: METHODS,
    providers: () => builtInRegistry.all.flatMap((p) => [p.id, ...(p.aliases ?? [])].map((value) => ({ value, description: p.title }))),
    profiles: async (provider) => {
      asked.push(`profiles ${provider ?? '*'}`);
      return PROFILES.filter((e) => provider === undefined || e.provider === idOf(provider)).map((e) => ({ value: e.profile }));
    },
    paths: async (provider, method) => {
      asked.push(`paths ${provider} ${method ?? '*'}`);
      return (PATHS[idOf(provider) ?? ''] ?? []).filter((op) => !method || op.method === method).map((op) => ({ value: op.path, description: op.title }));
    },
  };
}

/** What completion offers for a line, the cursor at its end (as the shell splits it). */
async function offered(line: string, from = sources()): Promise<{ values: string[]; fallback: string }> {
  const words = shellWords(line).slice(1);
  const current = words.pop()!;
  const { candidates, fallback } = await complete(spec, words, current, from);
  return { values: candidates.map((c) => c.value), fallback };
}
const values = async (line: string) => (await offered(line)).values;

describe('completion: commands and options, read from the command definitions', () => {
  it('offers every command the program has, and only commands that start with what is typed', async () => {
    expect(await values('mkt ')).toEqual(spec.commands.map((c) => c.name));
    expect(await values('mkt ')).toEqual(expect.arrayContaining(['login', 'call', 'completion', 'help']));
    expect(await values('mkt lo')).toEqual(['login', 'logout']);
    expect(await values('mkt __')).toEqual([]);
  });

  it("offers a command's options and the global ones, before or after its arguments", async () => {
    expect(await values('mkt login ozon --st')).toEqual(['--store', '--stdin']);
    expect(await values('mkt login --pro')).toEqual(['--profile']);
    expect(await values('mkt --')).toEqual(expect.arrayContaining(['--profile', '--base-url', '--version', '--help']));
    expect(await values('mkt --')).not.toContain('--store');
  });

  it('offers the choices commander holds: --store from the store registry, headers --format, the shells', async () => {
    expect(await values('mkt login ozon --store ')).toEqual([...USER_STORES]);
    expect(await values('mkt login ozon --store=f')).toEqual(['--store=file']);
    expect(await values('mkt headers ozon -f ')).toEqual([...HEADER_FORMATS]);
    expect(await values('mkt headers ozon --format c')).toEqual(['curl']);
    expect(await values('mkt completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('knows which options take the next word: a value is not read as the command or an argument', async () => {
    expect(await values('mkt -p shop2 ')).toContain('call');
    expect(await values('mkt -pshop2 call ')).toContain('ozon');
    expect(await values('mkt --profile shop2 call ')).toContain('yandex');
    expect(await values('mkt call --timeout 5 ozon ')).toContain('POST');
    expect(await values('mkt call -iv ozon ')).toContain('POST');
  });

  it('picks up a command or an option added to the program, with nothing listed again', async () => {
    const program = new Command('mkt');
    program.command('profile').argument('<action>').addOption(new Option('--output <format>', 'how').choices(['csv', 'tsv']));
    const grown = describeProgram(program, (cmd) => cmd.helpInformation());
    const words = (line: string) => shellWords(line).slice(1);
    const ask = async (line: string) => (await complete(grown, words(line).slice(0, -1), words(line).at(-1)!, sources())).candidates.map((c) => c.value);
    expect(await ask('mkt pro')).toEqual(['profile']);
    expect(await ask('mkt profile use --output ')).toEqual(['csv', 'tsv']);
  });

  it('offers nothing after a command mkt does not have', async () => {
    expect(await offered('mkt bogus ')).toEqual({ values: [], fallback: 'none' });
  });
});

describe('completion: providers, profiles, files, programs', () => {
  it('offers every provider of the registry with its aliases', async () => {
    expect(await values('mkt login ')).toEqual(builtInRegistry.names());
    expect(await values('mkt call y')).toEqual(['yandex', 'yandex-market', 'ym']);
    expect(await values('mkt providers oz')).toEqual(['ozon', 'ozzie', 'ozon-performance', 'ozon-ads']);
  });

  it('offers the providers to an option named --provider (mcp serves some of them)', async () => {
    expect(await values('mkt mcp --provider y')).toEqual(['yandex', 'yandex-market', 'ym']);
  });

  it("offers the stored profile names, only the named provider's once one is named (by any of its names)", async () => {
    expect(await values('mkt whoami -p ')).toEqual(['shop2', 'market-main']);
    expect(await values('mkt whoami ozon -p ')).toEqual(['shop2']);
    expect(await values('mkt call ym --profile m')).toEqual(['market-main']);
    expect(await values('mkt call ym --profile=m')).toEqual(['--profile=market-main']);
  });

  it('leaves file names to the shell for a <file> value, and program names after `exec … --`', async () => {
    expect(await offered('mkt call ozon /v1/roles --input ')).toEqual({ values: [], fallback: 'files' });
    expect(await offered('mkt api --spec ')).toEqual({ values: [], fallback: 'files' });
    expect(await offered('mkt exec ozon -- ')).toEqual({ values: [], fallback: 'commands' });
    expect(await offered('mkt exec ozon -- python ')).toEqual({ values: [], fallback: 'files' });
    expect(await offered('mkt exec ozon -- python --')).toEqual({ values: [], fallback: 'files' });
  });

  it('offers the commands to `mkt help`', async () => {
    expect(await values('mkt help ca')).toEqual(['call']);
  });
});

describe('completion: methods and catalog paths after `mkt call <provider>`', () => {
  it("offers the methods and the provider's paths, then only that method's paths", async () => {
    expect(await values('mkt call ozon ')).toEqual([...METHODS, '/v3/product/list', '/v3/product/info/list', '/v1/roles']);
    expect(await values('mkt call ozon /v3/pro')).toEqual(['/v3/product/list', '/v3/product/info/list']);
    expect(await values('mkt call ozon po')).toEqual(['POST']);
    expect(await values('mkt call ym GET /v2/')).toEqual(['/v2/campaigns', '/v2/campaigns/{campaignId}/offers']);
    expect(await values('mkt call yandex post /v2/')).toEqual(['/v2/campaigns/{campaignId}/offer-prices']);
  });

  it('keeps an id typed in a parameter\'s place, and offers nothing while one is typed', async () => {
    expect(await values('mkt call yandex /v2/campaigns/123/')).toEqual(['/v2/campaigns/123/offers', '/v2/campaigns/123/offer-prices']);
    expect(await values('mkt call yandex /v2/campaigns/12')).toEqual([]);
  });

  it('offers nothing for the request items after the path, and reads no catalog for them', async () => {
    const asked: string[] = [];
    expect((await offered('mkt call ozon /v3/product/list li', sources(asked))).values).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('mkt api completes a path, not its search words', async () => {
    const asked: string[] = [];
    expect((await offered('mkt api ozon ', sources(asked))).values).toEqual([]);
    expect((await offered('mkt api ozon остатки', sources(asked))).values).toEqual([]);
    expect(asked).toEqual([]);
    expect(await values('mkt api ozon /v1/')).toEqual(['/v1/roles']);
  });

  it('a provider without a catalog has no paths: just the methods', async () => {
    expect(await values('mkt call ozzie ')).toEqual([...METHODS]);
  });
});

describe('pathsFor', () => {
  const templates = [{ value: '/v2/campaigns/{campaignId}/offers' }, { value: '/v2/campaigns' }, { value: '/v2/campaigns/{campaignId}/offers' }];
  it('fits a segment at a time and offers each path once', () => {
    expect(pathsFor(templates, '/v2/camp').map((c) => c.value)).toEqual(['/v2/campaigns/{campaignId}/offers', '/v2/campaigns']);
    expect(pathsFor(templates, '/v2/campaigns/7/o').map((c) => c.value)).toEqual(['/v2/campaigns/7/offers']);
    expect(pathsFor(templates, '/v3/')).toEqual([]);
  });
});

describe('shellWords: bash\'s line as the command gets it', () => {
  it('keeps = and : inside a word, takes quotes off, and ends with the word being typed', () => {
    expect(shellWords('mkt login ozon --store=fi')).toEqual(['mkt', 'login', 'ozon', '--store=fi']);
    expect(shellWords(`mkt call ozon a:='{"b": 1}' x\\ y "q\\"r" `)).toEqual(['mkt', 'call', 'ozon', 'a:={"b": 1}', 'x y', 'q"r', '']);
    expect(shellWords('mkt call ozon "/v3/pro')).toEqual(['mkt', 'call', 'ozon', '/v3/pro']);
    expect(shellWords('mkt')).toEqual(['mkt']);
  });
});

describe('formatCompletion', () => {
  const completion = { candidates: [{ value: '--store=file', description: 'the encrypted\nfile store' }, { value: 'a:b' }], fallback: 'files' as const };
  it('gives bash what its own word (cut at = or :) becomes, zsh escaped colons, fish tabs; the fallback last', () => {
    expect(formatCompletion('bash', completion, '--store=', '=')).toBe('=file\n:files\n');
    expect(formatCompletion('zsh', completion, '')).toBe('--store=file:the encrypted\na\\:b\n:files\n');
    expect(formatCompletion('fish', completion, '')).toBe('--store=file\tthe encrypted\na:b\n:files\n');
  });
});
