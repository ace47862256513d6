import { Argument, type Command } from 'commander';
import type { Context } from '../../core/types.js';
import { COMPLETION_SCRIPTS } from '../completion/scripts.js';
import { SHELLS, type Shell } from '../completion/format.js';

export function registerCompletion(program: Command, ctx: Context): void {
  program
    .command('completion')
    .description('print the shell completion script: commands, options, providers, profiles, methods and catalog paths')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText('after', `
Examples:
  source <(mkt completion bash)                             in ~/.bashrc
  source <(mkt completion zsh)                              in ~/.zshrc, after compinit
  mkt completion fish > ~/.config/fish/completions/mkt.fish`)
    .action((shell: Shell) => {
      ctx.io.stdout.write(COMPLETION_SCRIPTS[shell]);
    });
}
