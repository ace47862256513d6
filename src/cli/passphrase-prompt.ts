import type { PassphraseRequest } from '../store/file.js';
import { UsageError } from '../core/errors.js';
import { promptSecret } from './prompt.js';

const ATTEMPTS = 3;

/**
 * The file store's passphrase from the terminal. A new one is typed twice (a typo would lock the
 * secrets away for good); after a wrong one the prompt says so, and the store asks again.
 */
export async function askPassphrase({ create, retry }: PassphraseRequest): Promise<string> {
  if (!create) return promptSecret(retry ? 'Wrong passphrase, try again: passphrase for the mkt file store' : 'Passphrase for the mkt file store');
  let trouble = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const first = await promptSecret(`${trouble}New passphrase for the mkt file store (it encrypts secrets.enc)`);
    if (first === '') {
      trouble = 'The passphrase cannot be empty. ';
      continue;
    }
    if ((await promptSecret('The same passphrase again')) === first) return first;
    trouble = 'The two did not match. ';
  }
  throw new UsageError(`no new passphrase after ${ATTEMPTS} tries (${trouble.trim().toLowerCase().replace(/\.$/, '')}); nothing was stored`);
}
