/** Replaced at build time from package.json; the fallback serves unbundled test runs. */
declare const __MKT_VERSION__: string | undefined;
export const VERSION: string = typeof __MKT_VERSION__ === 'string' ? __MKT_VERSION__ : '0.0.0-dev';
