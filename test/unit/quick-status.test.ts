import { describe, expect, it } from 'vitest';
import { quickStatusArgs } from '../../src/cli/quick-status.js';

describe('quickStatusArgs: which `mkt status` runs need no parser', () => {
  it('takes the plain forms', () => {
    expect(quickStatusArgs(['status'], {})).toEqual({ json: false });
    expect(quickStatusArgs(['status', '--json'], {})).toEqual({ json: true });
    expect(quickStatusArgs(['status', '-p', 'shop2', '--json'], {})).toEqual({ json: true, profile: 'shop2' });
    expect(quickStatusArgs(['status', '--json', '--profile', 'a'], {})).toEqual({ json: true, profile: 'a' });
    expect(quickStatusArgs(['status', '--profile=b'], {})).toEqual({ json: false, profile: 'b' });
  });

  it('leaves everything else to the full program (help, mistakes, repeats, MKT_PROFILE)', () => {
    for (const argv of [['whoami'], ['-p', 'x', 'status'], ['status', '--help'], ['status', '-h'], ['status', 'extra'], ['status', '--json', '--json'],
      ['status', '-p'], ['status', '-p', '--json'], ['status', '-p', 'a', '-p', 'b'], ['status', '--profile='], ['status', '-p=a'], ['status', '--base-url', 'x']]) {
      expect(quickStatusArgs(argv, {}), argv.join(' ')).toBeUndefined();
    }
    expect(quickStatusArgs(['status'], { MKT_PROFILE: 'shop2' })).toBeUndefined();
    expect(quickStatusArgs(['status'], { MKT_PROFILE: '' })).toBeUndefined();
  });
});
