import type { ServerResponse } from 'node:http';
import { MAX_BIG_MB, streamBigJson } from './big.js';
import { FAKES, SANDBOX_CREDENTIALS } from './fakes.js';
import { json, send } from './respond.js';

export interface SandboxStats {
  requests: number;
  /** TCP connections accepted: shows whether a client reused its keep-alive connection. */
  connections: number;
  byPath: Record<string, number>;
  /** Answers by status (`429`, `420`: the fakes' rate limiters said no). */
  byStatus: Record<string, number>;
  /** Provider requests being answered now, and the most there were at once since the last reset. */
  inFlight: number;
  peakInFlight: number;
}

export interface ControlContext {
  url: string;
  baseUrls: Record<string, string>;
  stats: SandboxStats;
  reset(): void;
}

/** The sandbox's own endpoints (`/` and `/_sandbox/*`); false when the path is not one of them. */
export function handleControl(method: string, path: string, query: URLSearchParams, res: ServerResponse, ctx: ControlContext): boolean {
  const route = `${method} ${path}`;
  if (route === 'GET /') {
    send(res, json(200, {
      name: 'mkt sandbox',
      description: `A local fake of the ${FAKES.map((f) => f.title).join(', ')} seller APIs. Credentials, endpoints and fault switches: docs/sandbox.md`,
      baseUrls: ctx.baseUrls,
      env: Object.fromEntries(FAKES.map((f) => [f.baseUrlEnv, ctx.baseUrls[f.id]])),
      control: {
        stats: `GET ${ctx.url}/_sandbox/stats`,
        reset: `POST ${ctx.url}/_sandbox/reset`,
        big: `GET ${ctx.url}/_sandbox/big?mb=N`,
      },
      credentials: SANDBOX_CREDENTIALS,
      faults: 'X-Sandbox-Fault: delay=MS | status=NNN (400–599) | NNN | NNN-once | reset | html | truncate | stall | empty | invalid-json, times=N',
    }));
    return true;
  }
  if (route === 'GET /_sandbox/stats') {
    send(res, json(200, ctx.stats));
    return true;
  }
  if (route === 'POST /_sandbox/reset') {
    ctx.reset();
    send(res, json(200, { status: 'OK', reset: ['stats', 'rate limits', 'fault counters'] }));
    return true;
  }
  if (route === 'GET /_sandbox/big') {
    const mb = Number(query.get('mb') ?? '1');
    if (!Number.isFinite(mb) || mb < 0 || mb > MAX_BIG_MB) {
      send(res, json(400, { error: `mb must be a number from 0 to ${MAX_BIG_MB}` }));
    } else {
      streamBigJson(res, mb);
    }
    return true;
  }
  if (path.startsWith('/_sandbox/') || path === '/_sandbox') {
    send(res, json(404, { error: `no sandbox endpoint ${route}; see GET /` }));
    return true;
  }
  return false;
}
