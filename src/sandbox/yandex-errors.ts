import { json, type Reply } from './respond.js';

/**
 * Yandex's error answer, `{"status":"ERROR","errors":[{"code","message"}]}` (spec: the `ApiErrorResponse`
 * of every operation's 400/401/403/404/420/500). The messages are the ones Yandex lists per status
 * (docs: concepts/error-codes), so a client sees what production would say.
 */
export const yandexError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply =>
  json(status, { status: 'ERROR', errors: [{ code, message }] }, headers);

const BY_STATUS: Record<number, [code: string, message: string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHORIZED', 'Credentials are not specified'],
  403: ['FORBIDDEN', 'Access denied'],
  404: ['NOT_FOUND', 'Resource not found'],
  420: ['LIMIT_EXCEEDED', 'Hit rate limit of 2 parallel requests'],
  503: ['INTERNAL_ERROR', 'Service temporarily unavailable. Please, try again later'],
};

/** The answer for a status injected by a fault switch, in the shape Yandex uses for it. */
export function injectedError(status: number): Reply {
  const [code, message] = BY_STATUS[status] ?? (status >= 500 ? ['INTERNAL_ERROR', 'Internal server error'] : ['BAD_REQUEST', `HTTP ${status}`]);
  return yandexError(status, code, message);
}
