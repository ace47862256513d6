import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { envValue } from '../core/env-vars.js';
import type { Env } from '../core/types.js';

/** The unix socket libdbus would connect to for the session bus, or undefined when there is none to try. */
export function sessionBusSocket(env: Env): string | undefined {
  const address = envValue(env, 'DBUS_SESSION_BUS_ADDRESS');
  if (address === undefined || address === '') {
    const runtimeDir = envValue(env, 'XDG_RUNTIME_DIR');
    const fallback = runtimeDir ? join(runtimeDir, 'bus') : undefined;
    return fallback && existsSync(fallback) ? fallback : undefined;
  }
  for (const entry of address.split(';')) {
    if (!entry.startsWith('unix:')) continue;
    const params = new Map(
      entry
        .slice('unix:'.length)
        .split(',')
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const;
        }),
    );
    const path = params.get('path');
    if (path) return path;
    const abstract = params.get('abstract');
    if (abstract) return `\0${abstract}`;
  }
  return undefined;
}

export class BusUnreachableError extends Error {
  constructor(
    readonly socket: string,
    readonly code: string,
  ) {
    super(`cannot connect to the D-Bus session bus at ${socket.replace('\0', '@')} (${code})`);
  }
}

/**
 * Resolves once the bus daemon answers the first line of the D-Bus handshake.
 * libdbus connects synchronously on the main thread and waits forever on a frozen bus,
 * which no timer can interrupt; this asynchronous check can be abandoned instead.
 */
export function probeSessionBus(socketPath: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const finish = (error?: Error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
      socket.write(`\0AUTH EXTERNAL ${uid}\r\n`);
    });
    // Any answer (OK or REJECTED) proves the daemon is alive; libdbus does the real handshake.
    socket.once('data', () => finish());
    socket.on('error', (err: NodeJS.ErrnoException) => finish(new BusUnreachableError(socketPath, err.code ?? err.message)));
    socket.on('close', () => finish(new BusUnreachableError(socketPath, 'closed')));
  });
}
