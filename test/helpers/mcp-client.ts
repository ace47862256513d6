/** The MCP SDK's own client, spawning the built `mkt mcp` over stdio, with every message it gets kept. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN } from './cli.js';

export interface McpSession {
  client: Client;
  /** Every JSON-RPC message the server sent, as its JSON text. */
  received: string[];
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /** A tool's answer: its text parsed as JSON, and whether it was a tool error. */
  call(name: string, args?: Record<string, unknown>): Promise<{ isError: boolean; json: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

export async function connectMkt(args: string[], env: Record<string, string>): Promise<McpSession> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], env: { LANG: 'C.UTF-8', ...env }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const received: string[] = [];
  const client = new Client({ name: 'mkt-test', version: '1.0.0' });
  // Wrapped before connect(): the handshake's messages are kept too.
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    const deliver = transport.onmessage;
    transport.onmessage = (message) => {
      received.push(JSON.stringify(message));
      deliver?.(message);
    };
  };
  await client.connect(transport);
  return {
    client,
    received,
    stderr: () => stderr,
    async call(name, toolArgs = {}) {
      const result = await client.callTool({ name, arguments: toolArgs });
      const content = result.content as Array<{ type: string; text: string }>;
      const text = content[0]?.text ?? '';
      return { isError: result.isError === true, json: JSON.parse(text) as Record<string, unknown>, text };
    },
    close: () => client.close(),
  };
}
