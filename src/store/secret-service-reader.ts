import { isUtf8 } from 'node:buffer';
import { DBusError, openBus } from './dbus-connection.js';

/** Returned where the library must take over: an item to unlock first (a prompt), or several matches. */
export const ASK_THE_LIBRARY = Symbol('ask the library');

const SERVICE = { destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service' } as const;
const BUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' } as const;

/**
 * Reads one password from the Secret Service as @napi-rs/keyring would (the same search attributes),
 * without loading the library: its constructor connects to D-Bus synchronously, blocking the main
 * thread (past any time limit, on a frozen bus), and it costs several milliseconds to load and to let go.
 * Hello, OpenSession and SearchItems go out at once; GetSecret follows their answers.
 *
 * The secret is transferred with the "plain" algorithm, not the library's Diffie-Hellman exchange.
 * The spec's own reasoning: that encryption is not meant to stop an attacker on the bus, only to keep
 * plain text out of swap, and it is of "questionable value" for a client whose memory can be paged
 * out anyway, as a Node process's can: the secret is a string in this process a moment later
 * (https://specifications.freedesktop.org/secret-service/latest/transfer-secrets.html; docs/security.md).
 *
 * undefined: no such item. ASK_THE_LIBRARY: the item is locked (only the library can bring up the
 * unlock prompt), the search is ambiguous, the secret is not text, or the bus or the service answered
 * with an error (no Secret Service, "plain" refused...); the library then reads it and reports what it
 * finds, in the words mkt's messages are made from. Other failures (no bus, time out) are thrown.
 */
export async function readSecret(socketPath: string, attributes: Record<string, string>, signal: AbortSignal, busAnswered: () => void = () => {}): Promise<string | undefined | typeof ASK_THE_LIBRARY> {
  const bus = openBus(socketPath, signal);
  try {
    const [, session, search] = await Promise.all([
      bus.call({ ...BUS, member: 'Hello' }).then(busAnswered),
      bus.call({ ...SERVICE, member: 'OpenSession', signature: 'sv', body: ['plain', { type: 's', value: '' }] }),
      bus.call({ ...SERVICE, member: 'SearchItems', signature: 'a{ss}', body: [Object.entries(attributes)] }),
    ]);
    const [unlocked, locked] = search as [string[], string[]];
    if (unlocked.length === 0 && locked.length === 0) return undefined;
    if (unlocked.length !== 1 || locked.length !== 0) return ASK_THE_LIBRARY;
    const [, sessionPath] = session as [unknown, string];
    const [[, , value]] = (await bus.call({
      destination: SERVICE.destination, path: unlocked[0]!, interface: 'org.freedesktop.Secret.Item', member: 'GetSecret', signature: 'o', body: [sessionPath],
    })) as [[string, Buffer, Buffer, string]];
    return isUtf8(value) ? value.toString('utf8') : ASK_THE_LIBRARY;
  } catch (error) {
    if (error instanceof DBusError) return ASK_THE_LIBRARY;
    throw error;
  } finally {
    bus.close();
  }
}
