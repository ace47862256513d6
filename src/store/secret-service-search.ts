import { DBusError, openBus } from './dbus-connection.js';
import { BusUnreachableError } from './session-bus.js';

const SERVICE = { destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service' } as const;
const BUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' } as const;
const NO_SERVICE = new Set(['org.freedesktop.DBus.Error.ServiceUnknown', 'org.freedesktop.DBus.Error.NameHasNoOwner']);

/**
 * The accounts (the `username` attribute @napi-rs/keyring writes) of every Secret Service item with
 * `service=<service>`, locked or not: one SearchItems and one attribute read per item, no secret read.
 * A bounded search, unlike the library's findCredentials, which walks every collection and can hang.
 * No bus or no Secret Service on it: nothing can be stored there, so nothing is found.
 */
export async function searchAccounts(socketPath: string, service: string, signal: AbortSignal): Promise<string[]> {
  const bus = openBus(socketPath, signal);
  try {
    const [, search] = await Promise.all([
      bus.call({ ...BUS, member: 'Hello' }),
      bus.call({ ...SERVICE, member: 'SearchItems', signature: 'a{ss}', body: [[['service', service]]] }),
    ]);
    const [unlocked, locked] = search as [string[], string[]];
    const replies = await Promise.all([...unlocked, ...locked].map((path) => bus.call({
      destination: SERVICE.destination, path, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: ['org.freedesktop.Secret.Item', 'Attributes'],
    })));
    const accounts = replies.map(([pairs]) => new Map(pairs as Array<[string, string]>).get('username'));
    return [...new Set(accounts.filter((a): a is string => typeof a === 'string'))].sort();
  } catch (error) {
    if (error instanceof BusUnreachableError) return [];
    if (error instanceof DBusError && NO_SERVICE.has(error.errorName)) return [];
    throw error;
  } finally {
    bus.close();
  }
}
