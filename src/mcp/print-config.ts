import { isAbsolute, resolve } from 'node:path';
import type { Env, ProviderRegistry } from '../core/types.js';
import { envCredentials } from '../core/credentials.js';
import { baseUrlValue, envValue } from '../core/env-vars.js';

/**
 * The MCP client configurations mkt prints. Claude (Desktop's claude_desktop_config.json, Claude
 * Code's .mcp.json) and Cursor (.cursor/mcp.json) read `mcpServers`; VS Code (.vscode/mcp.json)
 * reads `servers` with a `type`. Sources: docs/mcp.md.
 */
export const CLIENTS = {
  claude: { where: 'Claude Desktop: claude_desktop_config.json; Claude Code: .mcp.json, or `claude mcp add-json mkt \'<the "mkt" object>\'`', wrap: (entry: object) => ({ mcpServers: { mkt: entry } }) },
  cursor: { where: 'Cursor: ~/.cursor/mcp.json (every project) or .cursor/mcp.json (this one)', wrap: (entry: object) => ({ mcpServers: { mkt: entry } }) },
  vscode: { where: 'VS Code: .vscode/mcp.json (or MCP: Open User Configuration)', wrap: (entry: object) => ({ servers: { mkt: { type: 'stdio', ...entry } } }) },
} as const;

export type Client = keyof typeof CLIENTS;

export interface ConfigInput {
  client: Client;
  /** How this mkt was started: the Node binary and the script, so the assistant needs no PATH. */
  command: string;
  script: string;
  /** The server's own arguments after `mcp` (the served sets, --allow-writes, the caps). */
  args: string[];
  env: Env;
  registry: ProviderRegistry;
}

/**
 * The configuration to paste, and notes for stderr. Its `env` carries only where mkt looks (the
 * config dir, the providers' base URLs) when they are set here: never a credential or a passphrase.
 * The command is this Node and this mkt by absolute path: an assistant started from a desktop
 * often has a shorter PATH than a shell.
 */
export function clientConfig(input: ConfigInput): { json: string; notes: string[] } {
  const { registry, env } = input;
  // Absolute: the assistant starts mkt in a directory of its own.
  const configDir = envValue(env, 'MKT_CONFIG_DIR');
  const xdg = envValue(env, 'XDG_CONFIG_HOME');
  const where: Array<[string, string | undefined]> = [
    ['MKT_CONFIG_DIR', configDir && resolve(configDir)],
    ['XDG_CONFIG_HOME', xdg && isAbsolute(xdg) ? xdg : undefined],
    ...registry.all.map((p): [string, string | undefined] => [p.baseUrlEnv, baseUrlValue(env, p)]),
  ];
  const kept = Object.fromEntries(where.filter(([, value]) => value));
  const entry = { command: input.command, args: [input.script, 'mcp', ...input.args], ...(Object.keys(kept).length ? { env: kept } : {}) };
  const fromEnv = registry.all.filter((p) => envCredentials(p, env).values).map((p) => p.id);
  const notes = [`paste into ${CLIENTS[input.client].where}; the keys stay in mkt's store, none is in this configuration`];
  if (fromEnv.length) notes.push(`the credentials of ${fromEnv.join(', ')} come from this shell's environment, which the assistant does not have: store them with \`mkt login <provider>\``);
  return { json: `${JSON.stringify(CLIENTS[input.client].wrap(entry), null, 2)}\n`, notes };
}
