/** The credential sets the yandex fake knows (field keys as in its provider; every secret unique, see fakes.ts). */
export const YANDEX_CREDENTIALS = {
  /** Api-Key token (sent as `Api-Key`), scope ALL_METHODS. */
  valid: { token: 'ACMA:sandboxYmValidT0kenQ7w2x9Lp4Rk8Zs3Vb6Nd1:5f1e8c3a' },
  /** A revoked token → 401 UNAUTHORIZED "Api-Key token is revoked". */
  invalid: { token: 'ACMA:sandboxYmRevokedT0kenH5j8Mc2Wq7Xt4Ge9Fu0:0b6d2e9f' },
  /** Legacy OAuth token, accepted only as `Authorization: Bearer`. */
  oauth: { token: 'y0_sandboxYmOauthT0kenAgAAAAB3x7Kq9mWzP2dLc5Hj' },
} as const;
