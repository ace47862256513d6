/**
 * The scripts `mkt completion <shell>` prints. Each only hands the command line to
 * `mkt __complete` (src/cli/completion/entry.ts) and gives the shell what it answers: all the
 * knowledge is in mkt, so the scripts never go stale when commands or options change.
 * (In these templates `\$` is the shell's `$`, and `\\` its backslash.)
 */
import type { Shell } from './format.js';

const BASH = `# mkt completion for bash. Load it in ~/.bashrc:
#   source <(mkt completion bash)
_mkt_completion() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line directive
  local -a answer=()
  # The line up to the cursor, not COMP_WORDS: bash splits those at = and :, mkt reads words as the command will.
  while IFS= read -r line; do answer+=("$line"); done < <(mkt __complete bash "$cur" "\${COMP_LINE:0:COMP_POINT}" 2>/dev/null)
  ((\${#answer[@]})) || return 0
  directive=\${answer[\${#answer[@]}-1]}
  COMPREPLY=("\${answer[@]:0:\${#answer[@]}-1}")
  case $directive in
    :files)
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
      ;;
    :commands)
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -c -- "$cur")
      ;;
  esac
}
complete -F _mkt_completion mkt
`;

const ZSH = `#compdef mkt
# mkt completion for zsh. Load it in ~/.zshrc, after compinit:
#   source <(mkt completion zsh)
# or save it as _mkt in a directory of $fpath.
_mkt() {
  local -a answer candidates
  local directive
  answer=("\${(@f)$(mkt __complete zsh "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)}")
  (( \$#answer )) || return 1
  directive=\${answer[-1]}
  candidates=("\${(@)answer[1,-2]}")
  (( \$#candidates )) && _describe -t mkt 'mkt' candidates
  case $directive in
    :files) _files ;;
    :commands) _command_names -e ;;
  esac
}
if [[ \${funcstack[1]} == _mkt ]]; then
  _mkt "$@"
else
  compdef _mkt mkt
fi
`;

const FISH = `# mkt completion for fish. Load it with
#   mkt completion fish > ~/.config/fish/completions/mkt.fish
function __mkt_complete
    set -l typed (commandline -ct)
    set -l answer (mkt __complete fish (commandline -opc)[2..-1] "$typed" 2>/dev/null)
    test (count $answer) -gt 0; or return
    printf '%s\\n' $answer[1..-2]
    switch $answer[-1]
        case :files
            __fish_complete_path "$typed"
        case :commands
            __fish_complete_command "$typed"
    end
end
complete -c mkt -f -a '(__mkt_complete)'
`;

export const COMPLETION_SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };
