/**
 * A private D-Bus session bus, optionally with gnome-keyring on it, in a temp dir:
 * tests never touch the keyring of the person or machine running them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A type alias, not an interface, so it fits where any env record is expected. */
export type KeyringEnv = {
  DBUS_SESSION_BUS_ADDRESS: string;
  XDG_DATA_HOME: string;
  XDG_RUNTIME_DIR: string;
};

export interface SecretServiceSession {
  env: KeyringEnv;
  /** Locks the default collection, as a screen lock or `secret-tool lock` would. */
  lock(): Promise<void>;
  /** SIGSTOPs the keyring daemon (it keeps its name and never answers) or the bus daemon itself. */
  freeze(which?: 'keyring' | 'bus'): void;
  stop(): Promise<void>;
}

const TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'];

/** Why a Secret Service cannot be started here, or undefined when it can. */
export function missingTools(): string | undefined {
  if (process.platform !== 'linux') return `Secret Service tests need Linux (this is ${process.platform})`;
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const missing = TOOLS.filter((tool) => !dirs.some((dir) => isExecutable(join(dir, tool))));
  return missing.length ? `${missing.join(', ')} not found (apt-get install dbus gnome-keyring)` : undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A fresh bus; with `keyring: true` an unlocked gnome-keyring (password PASS) owns org.freedesktop.secrets on it. */
export async function startSecretService(opts: { keyring: boolean }): Promise<SecretServiceSession> {
  const dir = await mkdtemp(join(tmpdir(), 'mkt-keyring-'));
  const dirs = { HOME: join(dir, 'home'), XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: join(dir, 'run') };
  for (const path of Object.values(dirs)) await mkdir(path, { mode: 0o700 });
  const children: ChildProcess[] = [];
  const watchdog = spawnWatchdog(dir);
  const guard = (child: ChildProcess) => {
    children.push(child);
    watchdog.stdin?.write(`${child.pid}\n`);
  };
  const stop = async () => {
    watchdog.kill('SIGKILL');
    await Promise.all(children.reverse().map(terminate));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const bus = await startBus(dir);
    guard(bus.child);
    const env: KeyringEnv = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_DATA_HOME: dirs.XDG_DATA_HOME, XDG_RUNTIME_DIR: dirs.XDG_RUNTIME_DIR };
    let keyring: ChildProcess | undefined;
    if (opts.keyring) {
      keyring = spawnDaemon('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
        ...dirs,
        DBUS_SESSION_BUS_ADDRESS: bus.address,
        XDG_CONFIG_HOME: join(dirs.HOME, '.config'),
        XDG_CACHE_HOME: join(dirs.HOME, '.cache'),
      });
      guard(keyring);
      keyring.stdin?.end('PASS');
      await waitForSecretService(bus.address, keyring);
    }
    // Once started, a test that forgets stop() must not keep its worker alive (the watchdog cleans up).
    for (const child of children) unref(child);
    return {
      env,
      lock: () => lockDefaultCollection(bus.address),
      freeze: (which = 'keyring') => void (which === 'bus' ? bus.child : keyring)?.kill('SIGSTOP'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** No service directories in the config: nothing is auto-started, in particular not the real keyring. */
async function startBus(dir: string): Promise<{ address: string; child: ChildProcess }> {
  const config = join(dir, 'bus.conf');
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const child = spawnDaemon('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], {});
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}): ${stderrOf(child)}`)));
    child.once('error', reject);
    setTimeout(() => reject(new Error(`dbus-daemon printed no address within 5 s: ${stderrOf(child)}`)), 5000).unref();
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { address, child };
}

function spawnDaemon(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  stderrs.set(child, () => stderr);
  return child;
}

/**
 * Cleans up after a test runner that was killed before its teardown ran: the runner's end of
 * the pipe closes, and this shell (immune to the runner's signals) stops the daemons and removes the dir.
 */
function spawnWatchdog(dir: string): ChildProcess {
  const script = `trap '' HUP INT TERM
pids=''
while read -r pid; do pids="$pids $pid"; done
kill -CONT $pids 2>/dev/null; kill $pids 2>/dev/null; sleep 1; kill -KILL $pids 2>/dev/null
rm -rf "$DIR"`;
  const watchdog = spawn('sh', ['-c', script], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', DIR: dir }, stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  unref(watchdog);
  return watchdog;
}

function unref(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
}

const stderrs = new WeakMap<ChildProcess, () => string>();

function stderrOf(child: ChildProcess): string {
  return stderrs.get(child)?.().trim() || '(no output)';
}

/** It takes gnome-keyring 5–25 ms to claim its name; poll rather than guess. */
async function waitForSecretService(address: string, keyring: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode}): ${stderrOf(keyring)}`);
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address } },
    );
    if (/boolean true/.test(stdout)) return;
    await sleep(10);
  }
  throw new Error(`gnome-keyring-daemon did not claim org.freedesktop.secrets within 5 s: ${stderrOf(keyring)}`);
}

async function lockDefaultCollection(address: string): Promise<void> {
  await run(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/aliases/default'],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address } },
  );
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT'); // a frozen daemon would otherwise hold SIGTERM pending
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}
