/**
 * The password-store (`pass`): one gpg-encrypted file per secret, `mkt/<provider>/<profile>`,
 * encrypted to every key in the store's `.gpg-id`, so a team shares it (through git, which mkt
 * never pushes or pulls). The secret goes to `pass insert --multiline` on stdin, never on argv or
 * into a file; `pass show` reads it, `pass rm` removes it; pass makes each change a git commit.
 */
import { existsSync } from 'node:fs';
import { envValue } from '../core/env-vars.js';
import type { Env, SecretStore } from '../core/types.js';
import type { StoreDeps } from './registry.js';
import { fromGpg, locked, noGitIdentity, noRecipients, notInitialised, notInstalled, passError, type Cause, type PassOperation } from './pass-errors.js';
import { isGitBacked, listAccounts, MKT_FOLDER, passName, recipients, secretFile, storeDir } from './pass-layout.js';
import { CommandNotFound, CommandTimedOut, runCommand, type CommandResult } from './run-command.js';

export interface PassStoreOptions {
  env: Env;
  /** A person is at a terminal: gpg-agent may ask them for a passphrase, and no time limit applies. */
  onTerminal: () => boolean;
  /** The limit on each pass, gpg or git run without a terminal. */
  timeoutMs?: number;
}

export function createPassStore(opts: PassStoreOptions): SecretStore {
  const dir = storeDir(opts.env);
  const timeoutMs = opts.timeoutMs ?? 3000;

  /** Runs `command` to its end; not being able to, or running out of time, is the StoreError of `operation`. */
  async function attempt(operation: PassOperation, account: string, command: 'pass' | 'gpg' | 'git', args: string[], input?: string): Promise<CommandResult & { terminal: boolean }> {
    const terminal = opts.onTerminal();
    try {
      const result = await runCommand({
        command,
        args,
        env: childEnv(opts.env, terminal),
        input,
        // On a terminal, pass finds it on its stdin (`tty`) and hands it to gpg-agent's prompt as GPG_TTY.
        inheritStdin: terminal && input === undefined,
        timeoutMs: terminal ? undefined : timeoutMs,
      });
      return { ...result, terminal };
    } catch (error) {
      throw passError(operation, account, causeOf(error, account), input);
    }
  }

  /** As attempt, and a non-zero exit is a StoreError too, saying what gpg said went wrong. */
  async function run(operation: PassOperation, account: string, command: 'pass' | 'gpg', args: string[], input?: string): Promise<CommandResult> {
    const result = await attempt(operation, account, command, args, input);
    if (result.code !== 0) throw passError(operation, account, fromGpg(result.stderr, account, result.terminal), input);
    return result;
  }

  /** What pass itself would refuse later, found before anything is written: no .gpg-id, or a git commit that cannot be made. */
  async function writable(operation: PassOperation, account: string): Promise<string[]> {
    const found = await recipients(opts.env, dir, account);
    if (!found) throw passError(operation, account, notInitialised(dir));
    if (found.keys.length === 0) throw passError(operation, account, noRecipients(found.from));
    await committable(operation, account);
    return found.keys;
  }

  async function committable(operation: PassOperation, account: string): Promise<void> {
    if (!isGitBacked(dir)) return;
    // pass ignores a failed commit (it exits 0, the change left uncommitted): mkt refuses first instead.
    for (const ident of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
      if ((await attempt(operation, account, 'git', ['-C', dir, 'var', ident])).code !== 0) throw passError(operation, account, noGitIdentity(dir));
    }
  }

  return {
    kind: 'pass',
    async get(account) {
      if (!existsSync(secretFile(dir, account))) return undefined;
      return (await run('read', account, 'pass', ['show', passName(account)])).stdout;
    },
    async set(account, secret) {
      await writable('write', account);
      await run('write', account, 'pass', ['insert', '--multiline', '--force', passName(account)], secret);
    },
    async delete(account) {
      if (!existsSync(secretFile(dir, account))) return false;
      await committable('delete', account);
      await run('delete', account, 'pass', ['rm', '--force', passName(account)]);
      return true;
    },
    async ready(account) {
      // Before login spends a check at the provider: pass is there, the store initialised, every
      // recipient's key usable (an encryption of nothing, as pass would run it), a commit possible.
      await run('write', account, 'pass', ['version']);
      const keys = await writable('write', account);
      await run('write', account, 'gpg', [...gpgOptions(opts.env), '--quiet', '--yes', '--no-encrypt-to', '--encrypt', ...keys.flatMap((k) => ['--recipient', k]), '--output', '/dev/null'], '');
    },
    async accounts() {
      try {
        return await listAccounts(dir);
      } catch (error) {
        throw passError('search', `${MKT_FOLDER}/`, { reason: (error as Error).message, hints: [] });
      }
    },
  };
}

/** gpg's status lines on stderr (to tell what failed) and no question of its own; without a terminal, no prompt from gpg-agent either. */
function gpgOptions(env: Env, terminal = true): string[] {
  const own = (envValue(env, 'PASSWORD_STORE_GPG_OPTS') ?? '').split(/\s+/).filter(Boolean);
  return [...own, '--status-fd=2', '--batch', ...(terminal ? [] : ['--pinentry-mode=error'])];
}

/** The user's environment, with the gpg options pass adds to each gpg it runs. */
function childEnv(env: Env, terminal: boolean): Env {
  return { ...env, PASSWORD_STORE_GPG_OPTS: gpgOptions(env, terminal).join(' ') };
}

function causeOf(error: unknown, account: string): Cause {
  if (error instanceof CommandNotFound) return notInstalled(error.command as 'pass' | 'gpg' | 'git');
  if (error instanceof CommandTimedOut) {
    if (error.command === 'git') return { reason: `${error.message} (checking that the store's repository can take a commit)`, hints: [] };
    return locked(account, `${error.message}: gpg-agent is not answering, or is waiting for a passphrase nobody can type here`);
  }
  return { reason: error instanceof Error ? error.message : String(error), hints: [] };
}

/** The password store of the environment: `$PASSWORD_STORE_DIR`, else `~/.password-store`. */
export function openPassStore(deps: StoreDeps): SecretStore {
  // promptPassphrase is there exactly when stdin and stderr are a terminal (cli/context.ts).
  return createPassStore({ env: deps.env, onTerminal: () => deps.promptPassphrase !== undefined });
}
