import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_MEANING, ExitCode } from '../../src/core/exit-codes.js';

describe('exit codes', () => {
  it('are named as docs/exit-codes.md names them, each one', () => {
    const doc = readFileSync(new URL('../../docs/exit-codes.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+?) \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(Object.fromEntries(rows)).toEqual(EXIT_MEANING);
    expect(Object.keys(EXIT_MEANING).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});
