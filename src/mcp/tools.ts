import type { Provider } from '../core/types.js';
import { METHODS } from '../core/call.js';
import type { Catalog } from '../catalog/types.js';
import type { InputSchema, PropertySchema } from './args.js';
import type { ServedSet } from './served.js';
import type { Caps } from './answer.js';

/** What the tools are generated from: the served sets, the catalogs of their providers, the server's flags. */
export interface ToolSetup {
  sets: readonly ServedSet[];
  /** The served providers that have an endpoint catalog: only their operations can be searched, described and called. */
  catalogued: ReadonlyArray<{ provider: Provider; catalog: Catalog }>;
  allowWrites: boolean;
  caps: Caps;
}

export interface ToolSpec {
  name: 'search' | 'describe' | 'call' | 'whoami';
  description: string;
  inputSchema: InputSchema;
}

const schema = (properties: Record<string, PropertySchema>, required: string[]): InputSchema => ({ type: 'object', properties, required, additionalProperties: false });

function providerProperty(providers: readonly Provider[], what: string): PropertySchema {
  return { type: 'string', enum: providers.map((p) => p.id), description: `${what}: ${providers.map((p) => `${p.id} (${p.title})`).join(', ')}` };
}

function profileProperty(sets: readonly ServedSet[]): PropertySchema {
  const byProvider = [...new Set(sets.map((s) => s.provider.id))].map((id) => `${id}: ${sets.filter((s) => s.provider.id === id).map((s) => s.profile).join(', ')}`);
  return { type: 'string', enum: [...new Set(sets.map((s) => s.profile))], description: `the credential profile, when a provider has several (${byProvider.join('; ')}); default: its only one, else "default"` };
}

const catalogLine = ({ provider, catalog }: ToolSetup['catalogued'][number]): string =>
  `${provider.id}: ${catalog.operations.length} operations of ${provider.title} (${catalog.source.file}, version ${catalog.source.version})`;

/** The four tools, their descriptions and input schemas from this server's registry, catalogs and flags. */
export function toolSpecs(setup: ToolSetup): ToolSpec[] {
  const { sets, catalogued, allowWrites, caps } = setup;
  const served = [...new Map(sets.map((s) => [s.provider.id, s.provider])).values()];
  const withCatalog = catalogued.map((c) => c.provider);
  const none = withCatalog.length === 0 ? ' (no served provider has an endpoint catalog: this tool has nothing to work on)' : '';
  const catalogs = catalogued.map(catalogLine).join('; ');
  const path: PropertySchema = { type: 'string', description: 'the request path as the catalog gives it, with real values for {parameters}: /v2/campaigns/12345/offers' };
  const method: PropertySchema = { type: 'string', enum: [...METHODS], description: "the HTTP method; needed only where the path has several (describe says)" };
  const writes = allowWrites
    ? 'Writes (operations the catalog does not know to only read) are sent, each exactly once and never retried: check the result before sending one again.'
    : 'Only reads are sent: this server was started without --allow-writes, so every operation the catalog does not know to only read is refused.';
  return [
    {
      name: 'search',
      description: `Find API operations by words, Russian or English ("остатки", "stocks fbs", "/v2/"), in the providers' official specs. Gives method, path, title and whether it only reads. Catalogs: ${catalogs}${none}.`,
      inputSchema: schema({ provider: providerProperty(withCatalog, 'whose operations'), words: { type: 'string', description: 'words to find in titles, paths and operation ids' } }, ['provider', 'words']),
    },
    {
      name: 'describe',
      description: `One operation in detail: method, whether it only reads and whether this server would send it, path and query parameters, required body fields, a body skeleton with the required fields, paging.${none}`,
      inputSchema: schema({ provider: providerProperty(withCatalog, 'whose operation'), path, method }, ['provider', 'path']),
    },
    {
      name: 'call',
      description: [
        `Send one request to a provider's API with the stored credentials (mkt adds them; never pass keys). Only operations in the catalog are sent; use search and describe first.${none}`,
        writes,
        `An answer holds at most ${caps.items} items and ${caps.bytes} bytes; when there is more (more items in the page, or a next page), it gives a "cursor": call again with only that cursor (and nothing else) to go on.`,
      ].join(' '),
      inputSchema: schema({
        provider: providerProperty(withCatalog, 'whose API'),
        profile: profileProperty(sets),
        path,
        method,
        body: { type: ['object', 'array', 'string'], description: 'the JSON request body (an object, or its JSON text), for operations that take one' },
        query: { type: 'object', description: 'query parameters, name to value (a list for a repeated one)', additionalProperties: { type: ['string', 'number', 'boolean', 'array'] } },
        cursor: { type: 'string', description: 'the cursor of a previous answer: the next items or page of that request' },
      }, []),
    },
    {
      name: 'whoami',
      description: "Check the served credential sets against their providers: whether each is accepted, and whose it is (seller, company, key name, expiry). No key material is shown. Each check calls the provider's identity method, some of which are rate limited by the hour: check once, not before every call.",
      inputSchema: schema({ provider: providerProperty(served, 'only this provider'), profile: profileProperty(sets) }, []),
    },
  ];
}
