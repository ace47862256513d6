/**
 * Every environment variable mkt reads, declared once: docs/configuration.md's table is generated
 * from this file (`npm run docs`), and test/unit/env-vars.test.ts fails when src/ reads a name that
 * is not declared here. Only types are imported: any layer may read its variables through it.
 */
import type { Env, Field, Provider } from './types.js';

export type Command = 'login' | 'logout' | 'status' | 'whoami' | 'call' | 'headers' | 'exec' | 'inject' | 'profile' | 'mcp' | 'providers' | 'api' | 'sandbox' | 'completion';

export interface EnvVar {
  name: string;
  /** Markdown, for the docs table. */
  meaning: string;
  default?: string;
  readBy: readonly Command[] | 'every command';
}

/** The commands that use the config index, so also --profile, and those of them that open a store. */
const INDEX: readonly Command[] = ['login', 'logout', 'status', 'whoami', 'call', 'headers', 'exec', 'inject', 'profile', 'mcp'];
const SECRETS: readonly Command[] = ['login', 'logout', 'whoami', 'call', 'headers', 'exec', 'inject', 'mcp'];
const COLOUR: readonly Command[] = ['login', 'status', 'whoami', 'call', 'providers', 'sandbox'];
/** Where the config dir is: also asked by completion (a Tab), for the user's specs and the profile names. */
const CONFIG_DIR: readonly Command[] = [...INDEX, 'completion'];

export const ENV_VARS = [
  {
    name: 'MKT_PROFILE',
    meaning: 'the profile when `--profile` is not given; checked like `--profile` (see [Profile names](#profile-names)). Naming a profile this way counts as naming it: the environment\'s credential sets are then not used.',
    default: '`default`',
    readBy: INDEX,
  },
  {
    name: 'MKT_STORE',
    meaning: 'the store `login` keeps the secret in when `--store` is not given: one of the stores offered below; any other value is refused (exit 2).',
    default: '`keychain`',
    readBy: ['login'],
  },
  {
    name: 'MKT_CONFIG_DIR',
    meaning: 'where the config index (and the file store) live.',
    default: '`$XDG_CONFIG_HOME/mkt`, else `~/.config/mkt`',
    readBy: CONFIG_DIR,
  },
  { name: 'XDG_CONFIG_HOME', meaning: 'the base of the default `MKT_CONFIG_DIR`; ignored when relative (the XDG spec).', default: '`~/.config`', readBy: CONFIG_DIR },
  { name: 'HOME', meaning: 'where `~/.config/mkt` is, when neither of the two above is set.', default: "the user's home directory from the OS", readBy: CONFIG_DIR },
  { name: 'MKT_PASSPHRASE', meaning: "the file store's passphrase.", default: 'a prompt, on a terminal', readBy: SECRETS },
  {
    name: 'DBUS_SESSION_BUS_ADDRESS',
    meaning: 'the D-Bus session bus the keychain store talks to on Linux (the Secret Service is on it).',
    default: '`$XDG_RUNTIME_DIR/bus`',
    readBy: SECRETS,
  },
  {
    name: 'PASSWORD_STORE_DIR',
    meaning: "the password store of `--store pass`, as for `pass` itself. gpg's own variables (`GNUPGHOME`, `GPG_TTY`) reach the `gpg` that pass runs unchanged.",
    default: '`~/.password-store`',
    readBy: SECRETS,
  },
  { name: 'PASSWORD_STORE_KEY', meaning: "pass's own: the keys to encrypt to, instead of the store's `.gpg-id`; mkt checks them before `login` stores anything.", readBy: SECRETS },
  {
    name: 'PASSWORD_STORE_GPG_OPTS',
    meaning: "pass's own: options for every `gpg` it runs. mkt keeps them and adds `--status-fd=2 --batch` (and, with no terminal, `--pinentry-mode=error`).",
    readBy: SECRETS,
  },
  { name: 'XDG_RUNTIME_DIR', meaning: 'where the session bus socket is when `DBUS_SESSION_BUS_ADDRESS` is not set.', readBy: SECRETS },
  { name: 'NO_COLOR', meaning: 'set and not empty: no colour, even on a terminal (the red `mkt:` of an error line, the marks of `whoami` and `status`).', readBy: 'every command' },
  {
    name: 'FORCE_COLOR',
    meaning: 'set and not `0`: colour even when piped (a piped `call` body stays byte for byte unless this is set). Colour is otherwise used only on a terminal.',
    readBy: 'every command',
  },
  { name: 'TERM', meaning: '`dumb`: no colour on a terminal.', readBy: COLOUR },
  { name: 'MKT_DEBUG', meaning: 'print the stack trace of an internal error (secrets redacted).', readBy: 'every command' },
  {
    name: 'MKT_CACHE_DIR',
    meaning: "where mkt keeps V8's compiled code for itself when the code cache it ships does not fit this Node (other V8 flags in `NODE_OPTIONS`, another Node version). Only a speed-up (~6 ms a command): a directory that cannot be read or written is silently not used. See [Files](#files).",
    default: '`$XDG_CACHE_HOME/mkt`, else `~/.cache/mkt`',
    readBy: 'every command',
  },
  { name: 'XDG_CACHE_HOME', meaning: 'the base of the default `MKT_CACHE_DIR`.', default: '`~/.cache`', readBy: 'every command' },
  { name: 'NODE_OPTIONS', meaning: "Node's own; its V8 flags are part of the code cache's key (a cache compiled under other flags is rejected by V8).", readBy: 'every command' },
  {
    name: 'MKT_EXEC',
    meaning: 'set by `mkt exec` in the program it runs: the providers whose values it got, comma-separated, e.g. for a shell prompt. `mkt exec` refuses to run while it is set (exit 2): the inner one would hand over the outer one\'s variables as the environment\'s set.',
    readBy: ['exec'],
  },
  { name: 'SHELL', meaning: 'the shell `mkt exec` starts when no program is given.', default: '`/bin/sh`', readBy: ['exec'] },
  { name: 'MKT_DEBUG_CACHE', meaning: 'print, at exit, which code cache the run was given and whether V8 took it (`mkt: code cache: local used`).', readBy: 'every command' },
] as const satisfies readonly EnvVar[];

export type EnvName = (typeof ENV_VARS)[number]['name'];

/** The variables each provider's registry entry names (`fields[].env`, `baseUrlEnv`): one docs row per provider. */
export const PROVIDER_ENV_VARS = [
  {
    of: 'fields',
    meaning: 'credentials. With no profile named, a complete set in the environment wins over the stored `default` profile (CI); see below.',
    readBy: ['login', 'logout', 'status', 'whoami', 'call', 'headers', 'exec', 'mcp'],
  },
  { of: 'baseUrlEnv', meaning: 'base URL (the sandbox, a proxy). `https` only, except loopback; `--base-url` wins over it.', default: "the provider's own", readBy: ['login', 'whoami', 'call', 'exec', 'mcp'] },
  {
    of: 'spec',
    meaning: 'OpenAPI spec (a JSON file) that `call`, `api` and `whoami` take the endpoint catalog from instead of the index mkt ships (for a newer spec, or a provider mkt ships none for): methods, reads, paging, required fields ([catalog](catalog.md#a-newer-spec)). `mkt api --spec` wins over it.',
    default: 'the index mkt ships, if any',
    readBy: ['call', 'api', 'whoami'],
  },
] as const satisfies ReadonlyArray<Omit<EnvVar, 'name'> & { of: 'fields' | 'baseUrlEnv' | 'spec' }>;

/** Reads a declared variable: a name not in ENV_VARS does not typecheck. */
export function envValue(env: Env, name: EnvName): string | undefined {
  return env[name];
}

/** A provider's credential variable, named by its field in the registry. */
export function fieldValue(env: Env, field: Pick<Field, 'env'>): string | undefined {
  return env[field.env];
}

/** A provider's base-URL variable, named by its registry entry. */
export function baseUrlValue(env: Env, provider: Pick<Provider, 'baseUrlEnv'>): string | undefined {
  return env[provider.baseUrlEnv];
}

/** The spec variable of a provider, named from its id: `MKT_SPEC_OZON`, `MKT_SPEC_MY_SHOP` for `my-shop`. */
export const specEnvName = (provider: Pick<Provider, 'id'>): string => `MKT_SPEC_${provider.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** A provider's spec variable (`MKT_SPEC_<ID>`). */
export function specValue(env: Env, provider: Pick<Provider, 'id'>): string | undefined {
  return env[specEnvName(provider)];
}

/** For commander's `.env()`, which reads process.env itself: the name, checked against the declaration. */
export const envName = <N extends EnvName>(name: N): N => name;
