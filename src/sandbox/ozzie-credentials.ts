/** The credential sets the ozzie fake knows (field keys as in its provider; every secret unique, see fakes.ts). */
export const OZZIE_CREDENTIALS = {
  valid: { clientId: 'ozz_client_sandbox', clientSecret: 'sk_test_sandboxOzzieValidSecret_7Hq2Lw9Xr4Tz6Kp1Mn8B' },
  /** A second tenant: sees only its own users. */
  other: { clientId: 'ozz_client_sandbox_other', clientSecret: 'sk_test_sandboxOzzieOtherSecret_3Vc8Jd5Fg2Ys9Ra4Qe7W' },
  /** Right client_id, rotated secret → 401. */
  invalid: { clientId: 'ozz_client_sandbox', clientSecret: 'sk_test_sandboxOzzieRotatedSecret_9Bn4Xk1Tm6Pw3Lh8Zc2D' },
} as const;
