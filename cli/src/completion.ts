/** What completion needs of a command: its own flags. */
interface Completable {
  flags: readonly string[];
}

/**
 * A completion script for bash (and zsh through `bashcompinit`), generated from the command table:
 * commands, sub-commands, each command's own flags and the global ones; files for arguments and for
 * flags that take a path.
 *
 * @example eval "$(edgewise completion bash)"
 */
export function completionScript(shell: "bash" | "zsh", commands: Record<string, Completable>, globalFlags: readonly string[], takesValue: (flag: string) => boolean): string {
  const groups = new Map<string, string[]>();
  for (const name of Object.keys(commands)) {
    const [first, second] = name.split(" ") as [string, string | undefined];
    const list = groups.get(first) ?? [];
    if (second) list.push(second);
    groups.set(first, list);
  }
  const words = (list: readonly string[]) => list.join(" ");
  const flagWords = (flags: readonly string[]) => words(flags.map((flag) => `--${flag}`));
  const valued = [...new Set([...globalFlags, ...Object.values(commands).flatMap((spec) => spec.flags)])].filter(takesValue);
  const seconds = [...groups].filter(([, list]) => list.length > 0).map(([first, list]) => `      ${first}) COMPREPLY=($(compgen -W "${words(list)}" -- "$cur")); return ;;`);
  const flags = Object.entries(commands).filter(([name]) => name.includes(" ")).map(([name, spec]) => `    "${name}") own="${flagWords(spec.flags)}" ;;`);
  const script = `# edgewise completion for ${shell}: eval "$(edgewise completion ${shell})"
_edgewise() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" own=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${words([...groups.keys()])} --help --version" -- "$cur")); return
  fi
  if [ "$COMP_CWORD" -eq 2 ]; then
    case "\${COMP_WORDS[1]}" in
${seconds.join("\n")}
    esac
  fi
  case "$prev" in ${valued.map((flag) => `--${flag}`).join("|") || "--"}) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
  case "\${COMP_WORDS[1]} \${COMP_WORDS[2]}" in
${flags.join("\n")}
    *) case "\${COMP_WORDS[1]}" in ${Object.keys(commands).filter((name) => !name.includes(" ")).map((name) => `${name}) own="${flagWords(commands[name]!.flags)}" ;;`).join(" ")} esac ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$own ${flagWords(globalFlags)}" -- "$cur")); return
  fi
  if [ "\${COMP_WORDS[1]}" = completion ]; then COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return; fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _edgewise edgewise`;
  return shell === "zsh" ? `autoload -U +X bashcompinit && bashcompinit\n${script}` : script;
}
