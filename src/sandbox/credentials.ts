/** The sandbox's credential sets, by provider id (kept for the tests' imports; the list is fakes.ts). */
export { SANDBOX_CREDENTIALS, type SandboxCredentials } from './fakes.js';
