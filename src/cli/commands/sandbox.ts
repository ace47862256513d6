import type { Command } from 'commander';
import { quote } from '../../core/quote.js';
import type { Context } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';
import { isLoopback } from '../../core/base-url.js';
import { paintFor } from '../output.js';
import { examplesHelp } from '../help-text.js';
import type { Fake } from '../../sandbox/respond.js';
import { docsPage } from '../docs-page.js';

export function registerSandbox(program: Command, ctx: Context): void {
  program
    .command('sandbox')
    .description("run a local fake of the providers' APIs (those with a sandbox fake) to try mkt and your own code on")
    .option('--port <n>', 'port to listen on (0 = any free port)', '8765')
    .option('--host <address>', 'address to bind (loopback unless you say otherwise)', '127.0.0.1')
    .addHelpText('after', `${examplesHelp(ctx.providers, 'sandbox', {
      first: [['mkt sandbox', 'then, in another shell, paste the printed env lines']],
      last: ctx.providers.all.slice(0, 1).map((p) => [`${p.baseUrlEnv}=http://127.0.0.1:8765/${p.id} mkt login ${p.id}`]),
    })}
Its endpoints, credentials and fault switches: ${docsPage('sandbox.md')}`)
    .action(async (flags: { port: string; host: string }) => {
      const port = flags.port.trim() === '' ? NaN : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not ${quote(flags.port)}`);
      // An empty host would bind every interface, the opposite of what an empty value suggests.
      if (flags.host.trim() === '') throw new UsageError('--host must name an address, e.g. 127.0.0.1 (or 0.0.0.0 for every interface)');
      const { startSandbox, FAKES } = await import('../../sandbox/server.js');
      const sandbox = await startSandbox({ port, host: flags.host }).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot listen on ${flags.host}:${port} (${err.code ?? err.message})`);
      });
      const paint = await paintFor(ctx.io.stdout, ctx.env);
      const out: string[] = [`${paint.bold('mkt sandbox')} listening on ${sandbox.url}  (Ctrl-C to stop)`];
      if (!isLoopback(new URL(sandbox.url))) {
        out.push(paint.yellow('  not on loopback: mkt sends credentials over plain http only to loopback, so only your own code can use these URLs; for mkt, use --host 127.0.0.1 or 0.0.0.0'));
      } else if (!isLoopback(new URL(`http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}`))) {
        // Loopback URLs printed for a host that is not: it was bound to every interface.
        out.push(paint.yellow(`  bound to ${flags.host}: reachable from the network, with credentials that are published`));
      }
      out.push('');
      for (const p of ctx.providers.all) {
        const fake = FAKES.find((f) => f.id === p.id);
        if (!fake) {
          out.push(paint.dim(`${p.title}: no sandbox fake, not served`), '');
          continue;
        }
        out.push(paint.bold(p.title), `  export ${p.baseUrlEnv}=${sandbox.baseUrls[fake.id]}`);
        const sets: Fake['credentials'] = fake.credentials;
        for (const f of p.fields) out.push(`  export ${f.env}=${sets.valid[f.key]}`);
        out.push(paint.dim(`  other sets, for trying failures (see ${docsPage('sandbox.md')}):`));
        for (const [name, set] of Object.entries(sets)) {
          if (name !== 'valid') out.push(paint.dim(`    ${name}: ${p.fields.map((f) => `${f.env}=${set[f.key]}`).join(' ')}`));
        }
        out.push('');
      }
      out.push(paint.dim('These are sandbox credentials: they work only here.'));
      // Listening for Ctrl-C before the export lines go out: whoever reads them may stop it at once.
      const stopped = new Promise<void>((resolve) => {
        // Ours on first, then the others off: with no listener left in between, Node closes its
        // signal watcher, and a Ctrl-C arriving then is lost or kills the process.
        const stop = () => {
          process.off('SIGINT', stop);
          resolve();
        };
        process.on('SIGINT', stop).once('SIGTERM', stop);
        for (const listener of process.listeners('SIGINT')) if (listener !== stop) process.off('SIGINT', listener);
      });
      ctx.io.stdout.write(`${out.join('\n')}\n`);
      await stopped;
      await sandbox.close();
      ctx.io.stderr.write('sandbox stopped\n');
    });
}
