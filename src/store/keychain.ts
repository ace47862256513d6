import type { AsyncEntry } from '@napi-rs/keyring';
import { StoreError } from '../core/errors.js';
import type { SecretStore } from '../core/types.js';
import { BusUnreachableError, probeSessionBus, sessionBusSocket } from './session-bus.js';
import { ASK_THE_LIBRARY, readSecret } from './secret-service-reader.js';
import { searchAccounts } from './secret-service-search.js';
import { fixFor, waysOn } from './ways-on.js';

export interface KeychainOptions {
  /** Limit on every keychain call, in milliseconds. */
  timeoutMs?: number;
  service?: string;
}

/** Unpinned, the library silently falls back to the kernel keyring, whose entries die with the session. */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

/** What to do, by what failed: only `login` has --store, and a profile can only be removed with its secret. */
export const KEYCHAIN_HINTS: Record<Operation, string[]> = {
  write: waysOn('keychain', 'write'),
  read: waysOn('keychain', 'read'),
  delete: [...fixFor('keychain'), 'the profile stays listed (mkt status) until its secret can be deleted'],
  search: [...fixFor('keychain'), 'secrets mkt left in the keychain without an index entry stay there until it answers'],
};

class KeychainTimeout extends Error {
  constructor(readonly waitingFor: 'the D-Bus session bus' | 'the Secret Service') {
    super(`${waitingFor} did not answer`);
  }
}

type Operation = 'read' | 'write' | 'delete' | 'search';

/**
 * The OS keychain (Secret Service on Linux) under one service name.
 * Never enumerates the keychain: listing can hang forever on a frozen daemon.
 */
export function createKeychainStore(opts: KeychainOptions = {}): SecretStore {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const service = opts.service ?? 'mkt';
  let binding: Promise<typeof import('@napi-rs/keyring')> | undefined;
  let busProbed = false;

  async function ensureBusAnswers(signal: AbortSignal): Promise<void> {
    if (process.platform !== 'linux' || busProbed) return;
    // libdbus reads the address from the process environment, so this check must too.
    const socket = sessionBusSocket(process.env);
    if (socket) await probeSessionBus(socket, signal);
    busProbed = true;
  }

  async function openEntry(account: string): Promise<AsyncEntry> {
    binding ??= import('@napi-rs/keyring');
    const { AsyncEntry } = await binding;
    // The constructor talks to D-Bus synchronously; the library bounds that wait at about 2 s.
    return new AsyncEntry(service, account, ENTRY_OPTIONS);
  }

  /** Races `attempt` against the time limit; any failure becomes one StoreError saying what did not answer. */
  async function run<T>(operation: Operation, account: string, secret: string | undefined, attempt: (signal: AbortSignal, busAnswered: () => void) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let waitingFor: KeychainTimeout['waitingFor'] = 'the D-Bus session bus';
    let timer: NodeJS.Timeout | undefined;
    // The signal alone is not enough: a native call already running ignores it.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new KeychainTimeout(waitingFor);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([attempt(controller.signal, () => (waitingFor = 'the Secret Service')), timeout]);
    } catch (error) {
      throw keychainError(error, operation, account, secret, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Through @napi-rs/keyring: writes, deletes, and the reads readSecret leaves to it. */
  async function viaLibrary<T>(account: string, signal: AbortSignal, busAnswered: () => void, call: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    binding ??= import('@napi-rs/keyring'); // loads while the bus is probed (~2 ms saved)
    await ensureBusAnswers(signal);
    busAnswered();
    return call(await openEntry(account), signal);
  }

  /** Every command that uses stored credentials reads them: that path skips the library (~7 ms). */
  async function read(account: string, signal: AbortSignal, busAnswered: () => void): Promise<string | null | undefined> {
    const socket = process.platform === 'linux' ? sessionBusSocket(process.env) : undefined;
    const direct = socket ? await readSecret(socket, { service, username: account }, signal, busAnswered) : ASK_THE_LIBRARY;
    if (direct !== ASK_THE_LIBRARY) return direct;
    return viaLibrary(account, signal, busAnswered, (entry, s) => entry.getPassword(s));
  }

  return {
    kind: 'keychain',
    async get(account) {
      return (await run('read', account, undefined, (signal, busAnswered) => read(account, signal, busAnswered))) ?? undefined;
    },
    async ready(account) {
      // A read needs the bus and a Secret Service, as a write does; its failure is reported as the
      // write's. A locked collection shows only if the item exists: a first write finds it.
      await run('write', account, undefined, (signal, busAnswered) => read(account, signal, busAnswered));
    },
    async set(account, secret) {
      await run('write', account, secret, (signal, busAnswered) => viaLibrary(account, signal, busAnswered, (entry, s) => entry.setPassword(secret, s)));
    },
    async delete(account) {
      return run('delete', account, undefined, (signal, busAnswered) => viaLibrary(account, signal, busAnswered, (entry, s) => entry.deletePassword(s)));
    },
    async accounts() {
      // Only Linux has a search that is bounded; elsewhere the index is the only list.
      const socket = process.platform === 'linux' ? sessionBusSocket(process.env) : undefined;
      return socket ? run('search', service, undefined, (signal) => searchAccounts(socket, service, signal)) : [];
    },
  };
}

function keychainError(error: unknown, operation: Operation, account: string, secret: string | undefined, timeoutMs: number): StoreError {
  const verb = { read: `read ${account} from`, write: `save ${account} in`, delete: `delete ${account} from`, search: `search for ${account} items in` }[operation];
  let reason = describe(error, timeoutMs);
  if (secret) reason = reason.split(secret).join('***');
  return new StoreError(`cannot ${verb} the keychain: ${reason}`, KEYCHAIN_HINTS[operation]);
}

/** One line saying what went wrong, from the library's D-Bus and Secret Service texts (found by experiment). */
function describe(error: unknown, timeoutMs: number): string {
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  if (error instanceof KeychainTimeout) return `${error.message} within ${seconds}`;
  if (error instanceof BusUnreachableError) return `${error.message}; is DBUS_SESSION_BUS_ADDRESS stale?`;
  const text = messageOf(error);
  if (/autolaunch|DBUS_SESSION_BUS_ADDRESS/i.test(text)) {
    return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)';
  }
  if (/Failed to connect to socket/i.test(text)) return `cannot connect to the D-Bus session bus (${firstLine(text)})`;
  if (/not provided by any \.service files|ServiceUnknown|NameHasNoOwner/i.test(text)) {
    return 'no Secret Service (org.freedesktop.secrets) on the D-Bus session bus';
  }
  if (/Did not receive a reply|timeout|timed out/i.test(text)) return `the Secret Service did not answer within ${seconds}`;
  if (/prompt was dismissed|locked/i.test(text)) return 'the keyring is locked and could not be unlocked (the unlock prompt was dismissed)';
  if (/no result found/i.test(text)) return 'the Secret Service has no default keyring to store into (create or unlock one)';
  return firstLine(text);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.replace(/^(Platform failure: |Couldn't access platform storage: )/, '').trim() || 'unknown error';
}
