import { YANDEX_CREDENTIALS } from './yandex-credentials.js';
import { header, type Reply, type SandboxRequest } from './respond.js';
import { yandexError } from './yandex-errors.js';
import { yandexAgencyNumber } from './yandex-agency.js';

export type TokenKind = 'api-key' | 'oauth';

export interface Caller {
  token: string;
  kind: TokenKind;
  /** What the limits count against, as Yandex names it in a 420: the token's cabinet, or the OAuth token's user. */
  entity: string;
}

const creds = YANDEX_CREDENTIALS;
const CABINET = 'businessId 41000001';
const USER = 'userId 51000001';

const unauthorized = (message: string): Reply => yandexError(401, 'UNAUTHORIZED', message);

/**
 * Who is calling, or the answer Yandex gives instead (docs: concepts/error-codes, "Ошибки 401" and
 * "Ошибки 403"): every Api-Key problem — missing, malformed, unknown, revoked — is a 401; a 403 is
 * for OAuth tokens and for access the token does not have.
 */
export function authenticate(req: SandboxRequest): Caller | Reply {
  const apiKey = header(req.headers, 'api-key');
  if (apiKey !== undefined) return apiKeyCaller(apiKey.trim());
  const authorization = header(req.headers, 'authorization');
  if (authorization === undefined) return unauthorized('Credentials are not specified');
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(authorization);
  if (!m?.[1]) return unauthorized('Authorization header has invalid syntax');
  if (m[1] !== creds.oauth.token) return yandexError(403, 'FORBIDDEN', 'OAuth token is invalid');
  return { token: m[1], kind: 'oauth', entity: USER };
}

function apiKeyCaller(token: string): Caller | Reply {
  if (token === '') return unauthorized('Api-Key token is not specified');
  if (/^(?:Bearer|OAuth)\s/i.test(token)) return unauthorized('Api-Key token prefix invalid');
  if (!/^ACMA:[^:\s]+:[^:\s]+$/.test(token)) return unauthorized('Api-Key token format invalid');
  if (token === creds.invalid.token) return unauthorized('Api-Key token is revoked');
  const n = yandexAgencyNumber(token);
  if (n !== undefined) return { token, kind: 'api-key', entity: `businessId ${42_000_000 + n}` };
  if (token !== creds.valid.token) return unauthorized('Api-Key token is invalid');
  return { token, kind: 'api-key', entity: CABINET };
}
