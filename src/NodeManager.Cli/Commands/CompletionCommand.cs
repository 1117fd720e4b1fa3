using System.CommandLine;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli.Commands;

/// <summary>
/// <c>nmctl completion bash|zsh</c>: a shell script that completes nmctl's commands, flags and flag values by asking
/// nmctl itself through System.CommandLine's <c>[suggest]</c> directive (which also serves dotnet-suggest).
/// </summary>
public static class CompletionCommand
{
    public const string Bash = """
        # nmctl completion for bash. Load it now:   source <(nmctl completion bash)
        # or for every shell:                       nmctl completion bash > ~/.local/share/bash-completion/completions/nmctl
        _nmctl_complete() {
          local line="${COMP_LINE:0:$COMP_POINT}"
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$(nmctl "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _nmctl_complete nmctl

        """;

    public const string Zsh = """
        #compdef nmctl
        # nmctl completion for zsh. Load it now:   source <(nmctl completion zsh)
        # or put it in a directory of $fpath as _nmctl.
        _nmctl() {
          local line="${BUFFER[1,CURSOR]}"
          local -a completions
          completions=(${(f)"$(nmctl "[suggest:${#line}]" "$line" 2>/dev/null)"})
          compadd -- $completions
        }
        compdef _nmctl nmctl

        """;

    public static Command Create(CliIo io)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", Help.Text(
            "Print a shell completion script: commands, flags and flag values complete on Tab.",
            "source <(nmctl completion bash)", "nmctl completion zsh > \"${fpath[1]}/_nmctl\"")) { shell };
        command.SetAction(parse =>
        {
            io.Out.Write(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
