import { connect } from 'node:net';
import { HeaderField, MessageType, decodeMessage, encodeMessage, type Variant } from './dbus-wire.js';
import { BusUnreachableError } from './session-bus.js';

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** An error reply, e.g. org.freedesktop.DBus.Error.ServiceUnknown. */
export class DBusError extends Error {
  constructor(
    readonly errorName: string,
    text: string,
  ) {
    super(`${errorName}: ${text}`);
  }
}

export interface BusConnection {
  /** Method calls may be sent without waiting: the bus handles them in order. */
  call(message: MethodCall): Promise<unknown[]>;
  close(): void;
}

/**
 * A client connection to a D-Bus bus over its unix socket (EXTERNAL authentication, as libdbus does),
 * entirely asynchronous: unlike libdbus it can be abandoned at any point, through `signal`.
 * Nothing waits for a round trip it does not need: the authentication, BEGIN and the calls are
 * written at once (sd-bus does the same), and the bus reads them in order. The caller's first call
 * must be org.freedesktop.DBus.Hello.
 */
export function openBus(socketPath: string, signal: AbortSignal): BusConnection {
  const socket = connect(socketPath);
  const pending = new Map<number, { resolve: (body: unknown[]) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let serial = 0;
  let authenticated = false;
  let received: Buffer = Buffer.alloc(0);

  const fail = (error: Error) => {
    failure ??= error;
    close();
    for (const call of pending.values()) call.reject(failure);
    pending.clear();
  };
  const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  const close = () => {
    signal.removeEventListener('abort', onAbort);
    socket.removeAllListeners('close');
    socket.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  socket.on('error', (err: NodeJS.ErrnoException) => fail(new BusUnreachableError(socketPath, err.code ?? err.message)));
  socket.on('close', () => fail(new BusUnreachableError(socketPath, 'closed')));
  const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
  socket.write(`\0AUTH EXTERNAL ${uid}\r\nBEGIN\r\n`);

  socket.on('data', (chunk: Buffer) => {
    received = received.length ? Buffer.concat([received, chunk]) : chunk;
    if (!authenticated) {
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      const line = received.subarray(0, end).toString('latin1');
      if (!line.startsWith('OK ')) return fail(new BusUnreachableError(socketPath, `authentication refused (${line.slice(0, 60)})`));
      received = received.subarray(end + 2);
      authenticated = true;
    }
    try {
      let next;
      while ((next = decodeMessage(received))) {
        received = received.subarray(next.length);
        const { type, fields, body } = next.message;
        const replyTo = fields.get(HeaderField.ReplySerial)?.value as number | undefined;
        const call = replyTo === undefined ? undefined : pending.get(replyTo);
        if (!call) continue; // a signal (NameAcquired) or a reply nobody waits for
        pending.delete(replyTo!);
        if (type === MessageType.Error) call.reject(new DBusError(String(fields.get(HeaderField.ErrorName)?.value ?? 'unknown error'), String(body[0] ?? '')));
        else call.resolve(body);
      }
    } catch (error) {
      fail(error as Error);
    }
  });
  if (signal.aborted) onAbort();

  return {
    call: (message) => new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      serial += 1;
      pending.set(serial, { resolve, reject });
      socket.write(encodeCall(message, serial));
    }),
    close,
  };
}

function encodeCall(call: MethodCall, serial: number): Buffer {
  const fields = new Map<number, Variant>([
    [HeaderField.Path, { type: 'o', value: call.path }],
    [HeaderField.Interface, { type: 's', value: call.interface }],
    [HeaderField.Member, { type: 's', value: call.member }],
    [HeaderField.Destination, { type: 's', value: call.destination }],
  ]);
  return encodeMessage({ type: MessageType.MethodCall, serial, fields, signature: call.signature ?? '', body: call.body ?? [] });
}
