// Types for hostile-server.mjs (plain JavaScript so that scripts/reliability.mjs can run it under node).
// The name is .d.mts, not .d.ts: with "moduleResolution": "NodeNext", an import of `./hostile-server.mjs`
// looks for hostile-server.mts or hostile-server.d.mts.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export function listen(server: Server): Promise<string>;
export function shut(server: Server): Promise<void>;
export function closedPort(): Promise<number>;
export function faultProxy(sandboxUrl: string): Server;
export function drip(res: ServerResponse, text: string, everyMs: number): void;
export function hugeError(res: ServerResponse, mb: number): void;
export function notHttp(res: ServerResponse): void;
export function repeatCursor(res: ServerResponse): void;
export function unknownPaging(res: ServerResponse): void;
export function badLocation(res: ServerResponse, req: IncomingMessage, location: string): void;
export const BAD_LOCATIONS: Readonly<Record<string, string>>;
export function deepJson(depth: number, inner?: string): string;
export function deepAnswer(res: ServerResponse): void;
export const HOSTILE_ROUTES: Readonly<Record<string, (res: ServerResponse, req: IncomingMessage) => void>>;
export function switchProtocols(res: ServerResponse, opts?: { upgrade?: boolean }): void;
export function processingForever(res: ServerResponse, everyMs?: number): void;
export function hostileServer(): Server;
