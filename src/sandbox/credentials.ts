/**
 * The credential sets the sandbox knows. Field keys match the provider registry
 * (`src/providers/*.ts`), so a set can be stored or put in env vars as is.
 * Every secret is long and unique (none is a substring of another), so tests can
 * search any output for it to prove it was redacted.
 */
export const SANDBOX_CREDENTIALS = {
  ozon: {
    /** Admin role, key valid for ~90 more days. */
    valid: { clientId: '100200', apiKey: 'sandbox-ozon-valid-3f9c1a7e-5b2d-4e8f-9a61-0c7d2b4e8f13' },
    /** Unknown key → 404 code 5 "Invalid Api-Key". */
    invalid: { clientId: '100200', apiKey: 'sandbox-ozon-unknown-8d41c6b2-7e3a-4f09-b5d8-2a6e9c1f7b40' },
    /** Deactivated key → 403 code 7 on every method. */
    deactivated: { clientId: '100201', apiKey: 'sandbox-ozon-deactivated-c2e87f14-96ab-4d3c-8e05-7f1b3a9d6c28' },
    /** Admin role, but `expires_at` is 5 days ahead (whoami warns). */
    expiring: { clientId: '100202', apiKey: 'sandbox-ozon-expiring-5a0d9e36-1c4f-4b7a-a2e8-9d3c6f0b1e75' },
    /** Only a Finance role (/v1/roles, /v3/finance/transaction/list); any other method → 403 code 7. */
    noRole: { clientId: '100203', apiKey: 'sandbox-ozon-norole-e71b4c08-3d9f-4a26-b6c1-0f8e2d5a9b34' },
  },
  yandex: {
    /** Api-Key token (sent as `Api-Key`), scope ALL_METHODS. */
    valid: { token: 'ACMA:sandboxYmValidT0kenQ7w2x9Lp4Rk8Zs3Vb6Nd1:5f1e8c3a' },
    /** Unknown token → 403 FORBIDDEN. */
    invalid: { token: 'ACMA:sandboxYmRevokedT0kenH5j8Mc2Wq7Xt4Ge9Fu0:0b6d2e9f' },
    /** Legacy OAuth token, accepted only as `Authorization: Bearer`. */
    oauth: { token: 'y0_sandboxYmOauthT0kenAgAAAAB3x7Kq9mWzP2dLc5Hj' },
  },
  ozzie: {
    valid: { clientId: 'ozz_client_sandbox', clientSecret: 'sk_test_sandboxOzzieValidSecret_7Hq2Lw9Xr4Tz6Kp1Mn8B' },
    /** A second tenant: sees only its own users. */
    other: { clientId: 'ozz_client_sandbox_other', clientSecret: 'sk_test_sandboxOzzieOtherSecret_3Vc8Jd5Fg2Ys9Ra4Qe7W' },
    /** Right client_id, rotated secret → 401. */
    invalid: { clientId: 'ozz_client_sandbox', clientSecret: 'sk_test_sandboxOzzieRotatedSecret_9Bn4Xk1Tm6Pw3Lh8Zc2D' },
  },
} as const;

export type SandboxCredentials = typeof SANDBOX_CREDENTIALS;
