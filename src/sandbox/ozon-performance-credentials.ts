/** The credential sets the ozon-performance fake knows (field keys as in its provider; every secret unique, see fakes.ts). */
export const OZON_PERFORMANCE_CREDENTIALS = {
  /** A service account with three campaigns. */
  valid: { clientId: '5550001-1700000000001@advertising.performance.ozon.ru', clientSecret: 'sandboxPerfValidSecret_Qm4Tz8Lw2Xk6Rb9Nc3Vd7Hs1Jf5Gp0Ye' },
  /** A second service account: its own campaigns, its own tokens. */
  other: { clientId: '5550002-1700000000002@advertising.performance.ozon.ru', clientSecret: 'sandboxPerfOtherSecret_Wn7Kc2Fx9Pd4Lm6Hq1Tz8Rb3Gy5Vs0Je' },
  /** The valid client_id with a secret that was replaced → the token endpoint answers 401. */
  invalid: { clientId: '5550001-1700000000001@advertising.performance.ozon.ru', clientSecret: 'sandboxPerfRotatedSecret_Jd3Vx8Nq1Kp6Tm4Wz9Lc2Hf7Rb5Gs0Ya' },
} as const;
