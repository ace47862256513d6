/**
 * Run by scripts/build.mjs (bundled on its own, never shipped): the program as `mkt` builds it, with
 * the built-in providers only and an empty environment, so the build does not depend on the machine
 * it runs on. Its spec is shipped as dist/commands.json (read by completion) and as the man page.
 */
import { PassThrough, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Context } from '../../core/types.js';
import { builtInRegistry } from '../../providers/index.js';
import { createConfigIndex } from '../../store/config-index.js';
import { buildProgram } from '../program.js';
import { systemClock } from '../context.js';
import { describeProgram, type ProgramSpec } from './spec.js';
import { manPage } from './man-page.js';
import { ENV_VARS, PROVIDER_ENV_VARS, type EnvVar } from '../../core/env-vars.js';

export function programSnapshot(date: Date): { spec: ProgramSpec; man: string } {
  let captured = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      captured += String(chunk);
      done();
    },
  });
  const unused = () => Promise.reject(new Error('the build builds the program only: nothing runs'));
  const ctx: Context = {
    io: { stdout, stderr: stdout, stdin: new PassThrough() },
    env: {},
    providers: builtInRegistry,
    config: createConfigIndex('/nonexistent'),
    store: unused,
    http: unused,
    catalogs: unused,
    clock: systemClock,
  };
  const program = buildProgram(ctx, { exitCode: 0 });
  const capture = (cmd: Command) => {
    captured = '';
    cmd.outputHelp();
    return captured;
  };
  const spec = describeProgram(program, capture);
  return { spec, man: manPage(spec, [...ENV_VARS, ...providerVariables()], date) };
}

/** Each built-in provider's variables, as docs/configuration.md's rows of them say. */
function providerVariables(): EnvVar[] {
  return builtInRegistry.all.flatMap((p) => PROVIDER_ENV_VARS.map(({ of, meaning, readBy, ...rest }) => ({
    name: of === 'fields' ? p.fields.map((f) => f.env).join(', ') : p.baseUrlEnv,
    meaning: `${p.title}: ${meaning.replace(/; see below\.$/, '.')}`,
    readBy,
    ...('default' in rest ? { default: rest.default } : {}),
  })));
}
