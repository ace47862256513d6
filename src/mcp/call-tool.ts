import type { Context, PageRequest, PageStep } from '../core/types.js';
import { NetworkError, UsageError } from '../core/errors.js';
import { prepareCall, type BodySources } from '../core/call.js';
import { exchangeOf, sendCall } from '../core/pipeline.js';
import { jsonOf } from '../core/outcome.js';
import { readBody } from '../core/response.js';
import { redactDeep, type Redactor } from '../core/redact.js';
import type { Catalogs } from '../catalog/load.js';
import type { Operation } from '../catalog/types.js';
import type { Args } from './args.js';
import { bytesOf, shapeAnswer, itemsLocation, type Caps } from './answer.js';
import { Cursors, type CursorState, type SentRequest } from './cursors.js';
import { checkPath, checkPolicy, operationOf, pageOf } from './call-request.js';
import { pickSet } from './served.js';
import type { ToolSetup } from './tools.js';

export interface ToolResult {
  value: Record<string, unknown>;
  isError?: boolean;
}

export interface CallDeps {
  ctx: Context;
  setup: ToolSetup;
  catalogs: Catalogs;
  cursors: Cursors;
  log(line: string): void;
}

/** The tool's requests carry JSON built here: nothing is read from files or stdin. */
const NO_FILES: BodySources = {
  readFile: () => { throw new Error('mkt mcp reads no body files'); },
  readStdin: () => Promise.reject(new Error('mkt mcp reads no stdin body')),
  openStream: () => { throw new Error('mkt mcp reads no body files'); },
  stdin: () => { throw new Error('mkt mcp reads no stdin body'); },
};

const TIMEOUT_MS = 30_000;
/** A model waits for the answer: a provider asking for a longer wait gets an error that says so. */
const MAX_WAIT_MS = 30_000;

export async function callTool(deps: CallDeps, args: Args): Promise<ToolResult> {
  if (typeof args.cursor === 'string') {
    const others = Object.keys(args).filter((k) => k !== 'cursor' && args[k] !== undefined);
    if (others.length) throw new UsageError(`call: give a cursor alone (${others.join(', ')} came with it): it already holds its request`);
    return fromCursor(deps, deps.cursors.get(args.cursor));
  }
  if (typeof args.provider !== 'string' || typeof args.path !== 'string') throw new UsageError('call: give "provider" and "path" (or a "cursor" from a previous answer)');
  const providerId = args.provider;
  if (!deps.setup.catalogued.some((c) => c.provider.id === providerId)) {
    throw new UsageError(`call: ${providerId} has no endpoint catalog here, and mkt mcp sends only operations from one; its whoami works`);
  }
  const set = pickSet(deps.setup.sets, providerId, args.profile as string | undefined);
  const path = checkPath(args.path);
  const op = operationOf(deps.catalogs, providerId, path, args.method as string | undefined);
  checkPolicy(op, deps.setup.allowWrites);
  const page = pageOf(args, op);
  return sendPage(deps, { set, method: op.method, path, page, first: page, number: 1 }, op);
}

function fromCursor(deps: CallDeps, state: CursorState): Promise<ToolResult> | ToolResult {
  const op = operationOf(deps.catalogs, state.request.set.provider.id, state.request.path, state.request.method);
  if (state.kind === 'next') return sendPage(deps, { ...state.request, page: state.next, number: state.request.number + 1 }, op);
  const shaped = shapeAnswer(state.head, state.json, state.items, state.offset, room(deps.setup.caps));
  return { value: withCursor(deps, shaped.answer, state.request, shaped.restFrom === undefined ? undefined : { ...state, offset: shaped.restFrom }, state.next) };
}

async function sendPage(deps: CallDeps, request: SentRequest, op: Operation): Promise<ToolResult> {
  const { ctx } = deps;
  const { set, page } = request;
  const query = page.query.toString();
  const data = page.body === undefined ? undefined : JSON.stringify(page.body);
  const input = { provider: set.provider, choice: set.choice, method: request.method, path: `${request.path}${query ? `?${query}` : ''}`, items: [], headers: [], data };
  const call = await prepareCall(ctx, input, NO_FILES);
  // A write is sent once whatever comes back: not even a rate-limit answer is retried.
  const result = await sendCall(ctx, call, {
    timeoutMs: TIMEOUT_MS, maxWaitMs: MAX_WAIT_MS, retries: op.reads ? 3 : 0,
    onEvent: (e) => e.type === 'wait' && deps.log(`${set.provider.id}: ${e.reason}; waiting ${Math.ceil(e.ms / 1000)} s`),
  }).catch((err: unknown) => {
    if (err instanceof NetworkError && !op.reads) err.hints.push(notRetried(op));
    throw err;
  });
  const head = { status: result.response.status, operation: `${op.method} ${op.path}`, kind: op.reads ? 'read' : 'write', provider: set.provider.id, profile: set.profile, ...(request.number > 1 ? { page: request.number } : {}) };
  if (!result.ok) return { isError: true, value: failure(head, result.error, result.body, call.redact, op, deps.setup.caps) };
  const raw = await readBody(result.response);
  const json = jsonOf(exchangeOf(call), result.response.status, raw, { required: false });
  if (json === undefined) return { value: withCursor(deps, shapeAnswer(head, call.redact(raw.toString('utf8')), undefined, 0, room(deps.setup.caps)).answer, request, undefined, undefined) };
  const shown = redactDeep(json, call.redact);
  const rule = set.provider.paginate;
  const items = itemsLocation(shown, op.paging?.items, rule?.items.bind(rule));
  const step = op.reads && op.paging && rule ? rule.next(page, json, request.first) : undefined;
  const next = step && nextPage(step, page);
  // Not "no more": the rule did not find the cursor, so more pages may be there.
  const noted = step?.kind === 'unrecognised' ? { ...head, paging_note: `no paging cursor recognised in this page (looked for ${step.lookedFor}): there may be more pages; ask for them with the operation's own paging fields (describe)` } : head;
  const shaped = shapeAnswer(noted, shown, items, 0, room(deps.setup.caps));
  const rest = shaped.restFrom === undefined ? undefined : { kind: 'rest' as const, request, json: shown, items: items!, offset: shaped.restFrom, head: noted, ...(next ? { next } : {}) };
  return { value: withCursor(deps, shaped.answer, request, rest, next) };
}

/** The next page's request, unless the provider gave back the same cursor (which would page forever). */
function nextPage(step: PageStep, page: PageRequest): PageRequest | undefined {
  if (step.kind !== 'next') return undefined;
  const same = JSON.stringify(step.request.body) === JSON.stringify(page.body) && step.request.query.toString() === page.query.toString();
  return same ? undefined : step.request;
}

const limitsOf = (caps: Caps): string => `at most ${caps.items} items and ${caps.bytes} bytes per answer`;
const nextOf = (what: string): string => `call again with only {"cursor": "<cursor>"} for ${what}`;
const REST = 'the next items of this page';

/** The caps left for the body once the cursor's fields are added (a cursor is a 36-character UUID). */
function room(caps: Caps): Caps {
  return { items: caps.items, bytes: caps.bytes - bytesOf({ more: true, cursor: '0'.repeat(36), next: nextOf(REST), limits: limitsOf(caps) }) };
}

/** The answer with a cursor for what is left: the rest of this page first, then the next page. */
function withCursor(deps: CallDeps, answer: Record<string, unknown>, request: SentRequest, rest: CursorState | undefined, next: PageRequest | undefined): Record<string, unknown> {
  const limits = limitsOf(deps.setup.caps);
  const state: CursorState | undefined = rest ?? (next ? { kind: 'next', request, next } : undefined);
  if (!state) return { ...answer, more: false, limits };
  return { ...answer, more: true, cursor: deps.cursors.add(state), next: nextOf(state.kind === 'rest' ? REST : 'the next page'), limits };
}

/** A provider's error as the model sees it: the one line, its hints, and the provider's own answer, redacted. */
function failure(head: Record<string, unknown>, error: { message: string; hints: string[]; status: number }, body: Buffer, redact: Redactor, op: Operation, caps: Caps): Record<string, unknown> {
  const hints = [...error.hints];
  if (!op.reads && error.status >= 500) hints.push(notRetried(op));
  const text = body.toString('utf8');
  let answer: unknown = redact(text);
  try {
    answer = redactDeep(JSON.parse(text), redact);
  } catch {
    // not JSON: the redacted text
  }
  return shapeAnswer({ ...head, error: error.message, ...(hints.length ? { hints } : {}) }, answer, undefined, 0, caps).answer;
}

const notRetried = (op: Operation): string => `not retried: ${op.method} ${op.path} is a write, sent once; it may have been applied, so check before sending it again`;
