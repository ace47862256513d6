/**
 * What went wrong with pass or gpg, as one line and the way on. gpg is read through its status lines
 * (`--status-fd=2`, documented in GnuPG's doc/DETAILS), which are not translated: INV_RECP names a
 * recipient that cannot be used and why; DECRYPTION_FAILED with no KEY_CONSIDERED means no secret
 * key of ours was found for any ENC_TO key, with one it means our key is there but gpg-agent could
 * not use it (gpg 2.2 says "No secret key" for both).
 */
import { StoreError } from '../core/errors.js';
import { passName } from './pass-layout.js';
import { waysOn } from './ways-on.js';

export type PassOperation = 'read' | 'write' | 'delete' | 'search';

/** Why, and what to do about it first; the ways on that hold for every cause are added by passError. */
export interface Cause {
  reason: string;
  hints: string[];
}

const AFTERWARDS: Record<PassOperation, string[]> = {
  write: waysOn('pass', 'write'),
  read: waysOn('pass', 'read'),
  delete: ['the profile stays listed (mkt status) until its secret can be deleted'],
  search: ["secrets mkt left in the password store without an index entry stay there until it can be listed"],
};

export function passError(operation: PassOperation, account: string, cause: Cause, secret?: string): StoreError {
  const verb = { read: `read ${account} from`, write: `save ${account} in`, delete: `delete ${account} from`, search: `list ${account} in` }[operation];
  const reason = secret ? cause.reason.split(secret).join('***') : cause.reason;
  return new StoreError(`cannot ${verb} the password store: ${reason}`, [...cause.hints, ...AFTERWARDS[operation]]);
}

export const notInstalled = (tool: 'pass' | 'gpg' | 'git'): Cause => ({
  reason: `${tool} is not installed (no \`${tool}\` on PATH)${tool === 'git' ? ', and the store is a git repository' : ''}`,
  hints: [tool === 'git' ? 'install git (apt install git), so that pass can commit each change' : 'install pass and gpg: apt install pass gnupg (Debian, Ubuntu), brew install pass gnupg (macOS)'],
});

export const notInitialised = (dir: string): Cause => ({
  reason: `the store ${dir} is not initialised (no .gpg-id names the keys to encrypt to)`,
  hints: [
    "initialise it with the keys that may read it: pass init <your key's fingerprint> [<a teammate's>…]",
    'no key of your own yet: gpg --quick-generate-key "Your Name <you@example.com>"',
    "or point PASSWORD_STORE_DIR at your team's store",
  ],
});

export const noRecipients = (from: string): Cause => ({
  reason: `${from} names no key to encrypt to`,
  hints: ["name the keys that may read it: pass init <your key's fingerprint> [<a teammate's>…]"],
});

export const noGitIdentity = (dir: string): Cause => ({
  reason: "the store is a git repository, and git has no name and email to commit mkt's change with",
  hints: [`set them for the store: git -C ${dir} config user.name "Your Name" && git -C ${dir} config user.email you@example.com`],
});

/** gpg-agent could not be asked for the passphrase, or did not answer. */
export function locked(account: string, what: string): Cause {
  return {
    reason: what,
    hints: [
      `unlock your key on a terminal first (gpg-agent keeps the passphrase for a while): pass show ${passName(account)} >/dev/null`,
      "or give this machine a key of its own without a passphrase, and add it to the store: pass init <the store's keys> <its key>",
    ],
  };
}

/** The cause of a failed pass or gpg run, from gpg's status lines and, failing those, the first line said. */
export function fromGpg(stderr: string, account: string, onTerminal: boolean): Cause {
  const status = stderr.split('\n').filter((line) => line.startsWith('[GNUPG:] ')).map((line) => line.slice(9).trim().split(' '));
  const invalid = status.find(([code]) => code === 'INV_RECP');
  if (invalid) return unusableRecipient(Number(invalid[1]), invalid.slice(2).join(' '), status);
  if (status.some(([code]) => code === 'DECRYPTION_FAILED' || code === 'NO_SECKEY')) {
    if (status.some(([code]) => code === 'KEY_CONSIDERED')) {
      return onTerminal
        ? { reason: "gpg-agent did not get your key's passphrase", hints: ['run the command again and type the passphrase when gpg-agent asks for it'] }
        : locked(account, "your key is locked: gpg-agent needs its passphrase, and there is no terminal to ask for it on");
    }
    const keys = status.filter(([code]) => code === 'ENC_TO').map(([, id]) => id);
    return {
      reason: `it is encrypted to ${keys.length ? keys.join(', ') : 'keys'}, and you have the secret key of none of them`,
      hints: [
        "ask a teammate who can read it to add your key: pass init <the keys of the store's .gpg-id> <your key's fingerprint> (this re-encrypts the store)",
        'or import your own secret key into this keyring (gpg --import), if it is on another machine',
      ],
    };
  }
  return { reason: firstLine(stderr), hints: [] };
}

const RECIPIENT_PROBLEMS: Record<number, string> = {
  3: 'not a key for encryption',
  4: 'revoked',
  5: 'expired',
  13: 'disabled',
};

/** KEY_CONSIDERED's flag 2: every subkey is expired or revoked (gpg gives INV_RECP reason 0 then). */
const ALL_SUBKEYS_GONE = 2;

function unusableRecipient(reason: number, recipient: string, status: string[][]): Cause {
  if (reason === 1) {
    return {
      reason: `the store is encrypted to ${recipient}, whose public key is not in your keyring`,
      hints: [
        'import it (gpg --import <its public key file>), check its fingerprint with its owner, then certify it: gpg --quick-lsign-key <fingerprint>',
        "or take it out of the store's .gpg-id: pass init <the other keys>",
      ],
    };
  }
  if (reason === 10) {
    return {
      reason: `the store is encrypted to ${recipient}, whose key is in your keyring but not certified, so gpg will not encrypt to it`,
      hints: [`check its fingerprint with its owner (gpg --fingerprint ${recipient}), then certify it: gpg --quick-lsign-key <fingerprint>`],
    };
  }
  const gone = status.some(([code, , flags]) => code === 'KEY_CONSIDERED' && (Number(flags) & ALL_SUBKEYS_GONE) !== 0);
  return {
    reason: `the store is encrypted to ${recipient}, whose key cannot be used: ${RECIPIENT_PROBLEMS[reason] ?? (gone ? 'it is expired or revoked' : `gpg's reason ${reason}`)}`,
    hints: ["ask its owner for a current key and import it (gpg --import), or take it out of the store's .gpg-id: pass init <the other keys>"],
  };
}

function firstLine(stderr: string): string {
  const said = stderr.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('[GNUPG:]'));
  // gpg's own line says why; pass's "Password encryption aborted." only that it failed.
  return said.find((line) => line.startsWith('gpg: ')) ?? said[0] ?? 'pass failed without saying why';
}
