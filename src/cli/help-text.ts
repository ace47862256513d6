import type { ProviderRegistry } from '../core/types.js';
import { listIds } from '../providers/registry.js';

type Example = [line: string, note?: string];

/** The `<provider>` argument's description: the ids of this run's registry. */
export const providerArgument = (registry: ProviderRegistry): string => listIds(registry);

/**
 * The examples of a command's help, gathered from every provider's own (a provider added to the
 * registry brings its examples with it), between the command's own first and last ones.
 */
export function examplesHelp(registry: ProviderRegistry, command: string, generic: { first?: Example[]; last?: Example[] } = {}): string {
  const rows = [...(generic.first ?? []), ...registry.all.flatMap((p) => p.examples?.[command] ?? []), ...(generic.last ?? [])];
  if (rows.length === 0) return '';
  const width = Math.max(...rows.filter(([, note]) => note).map(([line]) => line.length), 0) + 2;
  const lines = rows.map(([line, note]) => (note ? `  ${line.padEnd(width)}${note}` : `  ${line}`));
  return `\nExamples:\n${lines.join('\n')}`;
}

/** " (a bare token for yandex)": the providers whose whole credential is one secret. */
export function bareTokenNote(registry: ProviderRegistry): string {
  const single = registry.all.filter((p) => p.fields.length === 1).map((p) => p.id);
  return single.length ? ` (a bare token for ${single.join(', ')})` : '';
}

/** "ozon Client-Id, ozzie client_id": the fields `--client-id` fills. */
export const clientIdFields = (registry: ProviderRegistry): string =>
  registry.all.flatMap((p) => p.fields.filter((f) => f.flag === '--client-id').map((f) => `${p.id} ${f.label}`)).join(', ');
