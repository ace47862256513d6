import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { commonOptions } from '../common.js';
import { printStatus } from '../status-output.js';

export function registerStatus(program: Command, ctx: Context): void {
  program
    .command('status')
    .description('list stored profiles and credentials found in the environment (no network, no secret shown)')
    .option('--json', 'machine-readable list')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      await printStatus(ctx, commonOptions(cmd).choice, flags.json === true);
    });
}
