import { spawnSync } from 'node:child_process';

/**
 * Why a test needing `command` cannot run here, or undefined. Printed once as the reason of the skip;
 * in CI a missing tool is an error instead, since .ci/run installs it (`apt-get install <pkg>`).
 */
export function missingTool(command: string, pkg = command, args = ['--version']): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return undefined;
  const reason = `${command} not found (apt-get install ${pkg})`;
  if (process.env['CI'] && !['false', '0'].includes(process.env['CI'])) throw new Error(`tests cannot run in CI: ${reason}`);
  console.log(`tests that need ${command} skipped: ${reason}`);
  return reason;
}
