/** The credential sets the ozon fake knows (field keys as in its provider; every secret unique, see fakes.ts). */
export const OZON_CREDENTIALS = {
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
} as const;
