import { STATUS_CODES, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { header, headersOf, send, type Reply } from './respond.js';

/** Failures a test can ask for on any provider request. See docs/sandbox.md. */
export interface FaultPlan {
  delayMs: number;
  status?: number;
  reset: boolean;
  html: boolean;
  truncate: boolean;
  stall: boolean;
  empty: boolean;
  invalidJson: boolean;
  /** Only the first N matching requests get the faults; later ones are answered normally. */
  times?: number;
}

export class FaultSyntaxError extends Error {}

const FLAGS = { reset: 'reset', html: 'html', truncate: 'truncate', stall: 'stall', empty: 'empty', 'invalid-json': 'invalidJson' } as const;
const MAX_DELAY_MS = 600_000;

export function parseFaults(spec: string): FaultPlan {
  const plan: FaultPlan = { delayMs: 0, reset: false, html: false, truncate: false, stall: false, empty: false, invalidJson: false };
  for (const token of spec.split(/[\s,;]+/).filter(Boolean)) {
    const [name = '', value] = token.toLowerCase().split('=', 2);
    if (name in FLAGS && value === undefined) plan[FLAGS[name as keyof typeof FLAGS]] = true;
    else if (name === 'delay') plan.delayMs = integer(token, value, 0, MAX_DELAY_MS);
    else if (name === 'status') plan.status = integer(token, value, 400, 599);
    else if (name === 'times') plan.times = integer(token, value, 1, Number.MAX_SAFE_INTEGER);
    else if (name === 'once' && value === undefined) plan.times = 1;
    else if (/^\d{3}(-once)?$/.test(name) && value === undefined) {
      plan.status = integer(token, name.slice(0, 3), 400, 599);
      if (name.endsWith('-once')) plan.times = 1;
    } else {
      throw new FaultSyntaxError(`unknown sandbox fault "${token}"; known: delay=MS, status=NNN (400–599), NNN, NNN-once, reset, html, truncate, stall, empty, invalid-json, times=N, once`);
    }
  }
  return plan;
}

function integer(token: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new FaultSyntaxError(`sandbox fault "${token}": expected an integer from ${min} to ${max}`);
  }
  return n;
}

/** The fault spec of a request: the `X-Sandbox-Fault` header wins over `?sandbox_fault=`. */
export function requestedFaults(headers: IncomingHttpHeaders, query: URLSearchParams): { spec: string; id?: string } | undefined {
  const spec = header(headers, 'x-sandbox-fault') ?? query.get('sandbox_fault') ?? undefined;
  if (!spec?.trim()) return undefined;
  const id = header(headers, 'x-sandbox-fault-id') ?? query.get('sandbox_fault_id') ?? undefined;
  return { spec, id };
}

/** Counts matching requests per key, so `times=N` makes "first N fail, retry succeeds" deterministic. */
export class FaultCounters {
  private readonly seen = new Map<string, number>();

  applies(key: string, times: number | undefined): boolean {
    if (times === undefined) return true;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n <= times;
  }

  reset(): void {
    this.seen.clear();
  }
}

/** A reply that replaces the provider's answer, or undefined when the provider should answer. */
export function replacementReply(plan: FaultPlan, providerError: (status: number) => Reply): Reply | undefined {
  if (plan.html) return { status: plan.status ?? 502, contentType: 'text/html; charset=utf-8', body: htmlPage(plan.status ?? 502) };
  if (plan.empty) return { status: plan.status ?? 200, contentType: 'application/json; charset=utf-8', body: '' };
  if (plan.invalidJson) return { status: plan.status ?? 200, contentType: 'application/json; charset=utf-8', body: '{"result":' };
  if (plan.status !== undefined) return providerError(plan.status);
  return undefined;
}

/** Writes a reply, or breaks the connection the way the plan says. */
export function deliver(res: ServerResponse, reply: Reply, plan: FaultPlan | undefined): void {
  if (plan?.reset) return resetConnection(res);
  if (!plan?.truncate && !plan?.stall) return send(res, reply);
  const body = Buffer.from(reply.body, 'utf8');
  const sent = body.length >= 2 ? Math.floor(body.length / 2) : body.length;
  const declared = body.length >= 2 ? body.length : body.length + 16;
  res.writeHead(reply.status, headersOf(reply, declared));
  res.write(body.subarray(0, sent), () => {
    // A stall keeps the socket open with the body unfinished; only close() or the client ends it.
    if (plan.truncate) setImmediate(() => res.socket?.destroy());
  });
}

function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  // A TCP RST (ECONNRESET at the client), not a polite FIN.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return [
    '<!DOCTYPE html>',
    `<html><head><title>${title}</title></head>`,
    `<body><center><h1>${title}</h1></center><hr><center>nginx (mkt sandbox)</center></body></html>`,
    '',
  ].join('\n');
}
