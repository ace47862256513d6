/**
 * A stand-in for a D-Bus daemon (and whatever service is behind it) on a temp unix socket: it takes
 * EXTERNAL authentication and answers method calls through `answer`. For the cases a real
 * gnome-keyring cannot be made to show: refusals, odd replies, byte-by-byte delivery, big-endian peers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, HeaderField, MessageType, type Message, type Variant } from '../../src/store/dbus-wire.js';

export type Answer =
  | { reply: { signature: string; body: unknown[] } }
  | { error: string; text?: string }
  | { none: true }
  | { hangUp: true };

export interface FakeBusOptions {
  answer: (call: Message, member: string) => Answer | Promise<Answer>;
  /** What the bus says to AUTH (default: OK). */
  authReply?: string;
  bigEndian?: boolean;
  /** Write each reply one byte at a time. */
  trickle?: boolean;
  /** Hold every reply until this many calls have arrived (proves the client does not wait in between). */
  holdUntil?: number;
}

export interface FakeBus {
  socket: string;
  /** Members called, in arrival order, across connections. */
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeBus(opts: FakeBusOptions): Promise<FakeBus> {
  const dir = mkdtempSync(join(tmpdir(), 'mkt-fake-bus-'));
  const socketPath = join(dir, 'bus');
  const calls: string[] = [];
  let serial = 1000;
  const server = createServer((conn) => {
    let buf = Buffer.alloc(0);
    let authenticated = false;
    const held: Buffer[] = [];
    let queue = Promise.resolve();
    conn.on('error', () => {});
    // One chunk at a time, in order: answers may be asynchronous.
    conn.on('data', (chunk) => (queue = queue.then(() => onData(chunk))));
    async function onData(chunk: Buffer): Promise<void> {
      buf = Buffer.concat([buf, chunk]);
      if (!authenticated) {
        const begin = buf.indexOf('BEGIN\r\n');
        if (begin < 0) return;
        conn.write(`${opts.authReply ?? 'OK 0123456789abcdef'}\r\n`);
        if (opts.authReply) return;
        buf = buf.subarray(begin + 'BEGIN\r\n'.length);
        authenticated = true;
      }
      let next;
      while ((next = decodeMessage(buf))) {
        buf = buf.subarray(next.length);
        const member = String(next.message.fields.get(HeaderField.Member)?.value);
        calls.push(member);
        const answer = await opts.answer(next.message, member);
        if ('hangUp' in answer) return void conn.destroy();
        const out = encodeReply(next.message.serial, answer, (serial += 1), opts.bigEndian);
        if (!out) continue;
        held.push(out);
        if (opts.holdUntil && calls.length < opts.holdUntil) continue;
        for (const message of held.splice(0)) await send(conn, message, opts.trickle);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socket: socketPath,
    calls,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function encodeReply(replyTo: number, answer: Answer, serial: number, bigEndian = false): Buffer | undefined {
  if ('none' in answer || 'hangUp' in answer) return undefined;
  const fields = new Map<number, Variant>([[HeaderField.ReplySerial, { type: 'u', value: replyTo }]]);
  if ('error' in answer) {
    fields.set(HeaderField.ErrorName, { type: 's', value: answer.error });
    return encodeMessage({ type: MessageType.Error, serial, fields, signature: 's', body: [answer.text ?? 'refused'] }, !bigEndian);
  }
  return encodeMessage({ type: MessageType.MethodReturn, serial, fields, ...answer.reply }, !bigEndian);
}

async function send(conn: Socket, message: Buffer, trickle = false): Promise<void> {
  if (!trickle) {
    conn.write(message);
    return;
  }
  for (const byte of message) {
    conn.write(Buffer.from([byte]));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Answers as a Secret Service holding `items` (path → secret bytes), the locked ones listed apart. */
export function secretService(items: { unlocked?: Record<string, Buffer>; locked?: string[]; refusePlain?: boolean }): FakeBusOptions['answer'] {
  return (call, member) => {
    switch (member) {
      case 'Hello': return { reply: { signature: 's', body: [':1.42'] } };
      case 'OpenSession':
        if (items.refusePlain) return { error: 'org.freedesktop.DBus.Error.NotSupported', text: 'Algorithm plain is not supported' };
        return { reply: { signature: 'vo', body: [{ type: 's', value: '' }, '/org/freedesktop/secrets/session/s1'] } };
      case 'SearchItems': return { reply: { signature: 'aoao', body: [Object.keys(items.unlocked ?? {}), items.locked ?? []] } };
      case 'GetSecret': {
        const path = String(call.fields.get(HeaderField.Path)?.value);
        const secret = items.unlocked?.[path];
        if (!secret) return { error: 'org.freedesktop.Secret.Error.NoSuchObject', text: 'no such item' };
        return { reply: { signature: '(oayays)', body: [['/org/freedesktop/secrets/session/s1', Buffer.alloc(0), secret, 'text/plain']] } };
      }
      default: return { error: 'org.freedesktop.DBus.Error.UnknownMethod', text: member };
    }
  };
}
