using System.CommandLine;
using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Completion;

public sealed class CompletionAndHelpTests(ServerFixture fixture) : CliTestBase(fixture)
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        var root = NmctlApp.Build(new CliIo { Out = TextWriter.Null, Err = TextWriter.Null, Environment = _ => null });
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, (path + " " + sub.Name).Trim());
            }
        }

        Walk(root, "");
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_OnEveryCommand_ExitsOkAndLeavesShowTheirExamples(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var root = NmctlApp.Build(new CliIo { Out = TextWriter.Null, Err = TextWriter.Null, Environment = _ => null });
        var leaf = args.SkipLast(1).Aggregate((Command)root, (c, name) => c.Subcommands.Single(s => s.Name == name));

        var result = (await Nmctl.RunAsync(args)).Ok();

        Assert.Contains("Usage:", result.Out);
        if (leaf.Subcommands.Count == 0)
        {
            Assert.Contains("Examples:", result.Out);
        }
        else
        {
            Assert.DoesNotContain("Examples:", result.Out); // a list of commands shows one line each
        }
    }

    [Fact]
    public async Task SuggestDirective_CompletesSubcommandsAndFlagValues()
    {
        var commands = (await Nmctl.RunAsync(Suggest("nmctl nodes "))).Ok();
        var states = (await Nmctl.RunAsync(Suggest("nmctl nodes list --state main"))).Ok();

        Assert.Contains("import", commands.Out.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains("list", commands.Out.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Equal(["maintenance"], states.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>What the completion scripts run: the line up to the cursor, and the cursor's position.</summary>
    private static string[] Suggest(string line) => [$"[suggest:{line.Length}]", line];

    [Theory]
    [InlineData("bash", "complete -o default -F _nmctl_complete nmctl")]
    [InlineData("zsh", "compdef _nmctl nmctl")]
    public async Task Completion_PrintsAScriptThatAsksTheSuggestDirective(string shell, string registration)
    {
        var result = (await Nmctl.RunAsync("completion", shell)).Ok();

        Assert.Contains(registration, result.Out);
        Assert.Contains("[suggest:", result.Out);
    }

    [Fact]
    public async Task BashScript_InBash_CompletesCommandsAndFlagValues()
    {
        var script = (await Nmctl.RunAsync("completion", "bash")).Ok().Out;
        var driver = Path.Combine(Fixture.Home, $"complete-{Tag}.sh");
        await File.WriteAllTextAsync(driver, $$"""
            nmctl() { dotnet '{{NmctlBinary.Path()}}' "$@"; }
            {{script}}
            complete_line() {
              COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
              read -ra COMP_WORDS <<< "$COMP_LINE"
              [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
              COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
              _nmctl_complete
              echo "${COMPREPLY[*]}"
            }
            complete_line "nmctl lifecy"
            complete_line "nmctl lifecycle transition r1-n07 --to m"
            complete_line "nmctl health list --status "

            """);
        var info = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(driver);
        info.Environment["HOME"] = Fixture.Home;
        using var bash = System.Diagnostics.Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        try
        {
            await bash.WaitForExitAsync().WaitAsync(NodeManager.Testing.TestTimeout.Default);
        }
        finally
        {
            if (!bash.HasExited)
            {
                bash.Kill();
            }
        }

        Assert.Equal(["lifecycle", "maintenance", "down not-ready ready unknown"], (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", await errors);
    }

    [Fact]
    public async Task Completion_ForAnUnknownShell_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("completion", "fish");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("fish", result.Err);
    }
}
