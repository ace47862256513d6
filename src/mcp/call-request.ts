import type { PageRequest } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import { nestedDeeperThan, TOO_DEEP } from '../core/json-depth.js';
import { jsonProblem } from '../core/call.js';
import type { Catalogs } from '../catalog/load.js';
import type { Operation } from '../catalog/types.js';
import { isPlainObject, type Args } from './args.js';

/**
 * A path as it is sent: the URL parser would turn `/a/../b`, `\`, `%2e` or a space into another
 * path than the one checked against the catalog, so only a path it leaves as it is goes through.
 */
export function checkPath(path: string): string {
  if (!path.startsWith('/')) throw new UsageError(`call: "path" must start with /, as in the catalog (not ${quote(path)})`);
  if (/[?#]/.test(path)) throw new UsageError('call: give query parameters in "query", not in the path');
  const brace = /\{[^}]*\}/.exec(path);
  if (brace) throw new UsageError(`call: fill ${brace[0]} in the path with its value`);
  if (new URL(path, 'http://mkt.invalid').pathname !== path) throw new UsageError(`call: the path ${quote(path)} would not be sent as written (dot segments, backslashes, spaces or escapes): give it plainly`);
  return path;
}

/** The catalog's operation for a request: unknown paths, and a path of several methods without one, are refused. */
export function operationOf(catalogs: Catalogs, providerId: string, path: string, method: string | undefined): Operation {
  const ops = catalogs.operationsAt(providerId, path);
  if (ops.length === 0) {
    const near = catalogs.nearestPaths(providerId, path, 3);
    throw new UsageError(`call: ${quote(path)} is not an operation in the ${providerId} catalog, and mkt mcp sends only those${near.length ? `; did you mean ${near.join(', ')}?` : '; find it with the search tool'}`);
  }
  if (method === undefined) {
    if (ops.length > 1) throw new UsageError(`call: ${ops[0]!.path} has ${ops.map((o) => o.method).join(' and ')}: give "method"`);
    return ops[0]!;
  }
  const op = ops.find((o) => o.method === method);
  if (!op) throw new UsageError(`call: ${method} ${ops[0]!.path} is not in the ${providerId} catalog; that path has ${ops.map((o) => o.method).join(', ')}`);
  return op;
}

/** Reads are sent; a write only when the server was started with --allow-writes. */
export function checkPolicy(op: Operation, allowWrites: boolean): void {
  if (op.reads || allowWrites) return;
  throw new UsageError(`call: refused: ${op.method} ${op.path} ("${op.title}") is not known to only read, and this server was started without --allow-writes, so it sends reads only. Whoever runs the assistant can allow writes by starting it as \`mkt mcp --allow-writes\``);
}

/** The body and query of the first page, from the tool's `body` (JSON or its text) and `query`. */
export function pageOf(args: Args, op: Operation): PageRequest {
  const body = bodyOf(args.body);
  if (body !== undefined && (op.method === 'GET' || op.method === 'HEAD')) {
    throw new UsageError(`call: ${op.method} ${op.path} takes no body; give its parameters in "query"${op.query.length ? ` (${op.query.map((q) => q.name).join(', ')})` : ''}`);
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(isPlainObject(args.query) ? args.query : {})) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, String(v));
  }
  return { query, body };
}

function bodyOf(raw: unknown): unknown {
  if (raw === undefined) return undefined;
  let body = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw new UsageError(`call: "body" is not valid JSON (${jsonProblem(err as Error)})`);
    }
  }
  if (typeof body !== 'object' || body === null) throw new UsageError('call: "body" must be a JSON object or array');
  if (nestedDeeperThan(body)) throw new UsageError(`call: "body" is ${TOO_DEEP}`);
  return body;
}
