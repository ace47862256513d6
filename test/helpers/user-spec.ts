import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../docs/providers.md', import.meta.url));

/** The worked example of docs/providers.md ("Your own provider"), as the docs print it: the tests keep it valid. */
export function exampleSpec(): Record<string, unknown> {
  const docs = readFileSync(DOCS, 'utf8');
  const section = docs.slice(docs.indexOf('## Your own provider'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('docs/providers.md has no JSON example under "Your own provider"');
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

/** A small valid spec to break one key at a time. */
export function acmeSpec(): Record<string, unknown> {
  return {
    id: 'acme',
    title: 'Acme API',
    docsUrl: 'https://acme.example/docs',
    baseUrl: 'https://api.acme.example',
    baseUrlEnv: 'ACME_API_URL',
    fields: [
      { key: 'account', label: 'Account id', env: 'ACME_ACCOUNT', secret: false, pattern: '[0-9]{4,10}', patternHint: 'digits, e.g. 1234' },
      { key: 'token', label: 'API token', env: 'ACME_TOKEN', secret: true },
    ],
    auth: { headers: { 'X-Account': '{account}', 'X-Key': '{token}' } },
    verify: { method: 'GET', path: '/v1/me', identity: { name: 'user.name' } },
  };
}

/** A config dir whose providers/ holds the given specs (objects as JSON, strings as they are). */
export function configWithSpecs(specs: Record<string, unknown>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mkt-specs-'));
  mkdirSync(join(dir, 'providers'));
  for (const [name, spec] of Object.entries(specs)) {
    writeFileSync(join(dir, 'providers', name), typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
