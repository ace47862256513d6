import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, nodeTooOld } from '../../src/cli/node-version.js';

describe('the Node.js version check', () => {
  it('matches engines in package.json', () => {
    const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(engines.node).toBe(`>=${MIN_NODE.major}.${MIN_NODE.minor}`);
  });
  it('refuses what is older than the minimum and takes the rest', () => {
    for (const old of ['18.20.4', '20.0.0', '20.18.3', 'v20.18.0']) expect(nodeTooOld(old), old).toBe(true);
    for (const ok of ['20.19.0', '20.20.2', 'v22.1.0', '24.0.0', '100.0.0']) expect(nodeTooOld(ok), ok).toBe(false);
  });
});
