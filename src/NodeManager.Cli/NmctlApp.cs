using System.CommandLine;
using NodeManager.Cli.Commands;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli;

/// <summary>nmctl's command tree and entry point; tests run it in-process with their own <see cref="CliIo"/>.</summary>
public static class NmctlApp
{
    public const string Description = """
        nmctl: operate a NodeManager region from the shell over gRPC: inventory, health, lifecycle, reservations, the change feed.

        The server comes from --server, else NMCTL_SERVER, else the config file (~/.config/nmctl/config.yaml: server, token,
        output, timeout), else http://localhost:5081. Exit codes: 0 ok, 1 usage, 2 not found, 3 unreachable/unavailable,
        4 conflict (duplicate, stale version, illegal transition, no room, refused import rows, failed operation),
        5 invalid input rejected by the server, 6 other server error, 7 not authenticated/allowed, 130 interrupted.
        """;

    public static RootCommand Build(CliIo io)
    {
        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, io);
        var root = new RootCommand(Description);
        if (root.Name != "nmctl")
        {
            root.Aliases.Add("nmctl"); // run in-process (tests): the [suggest] directive's line starts with "nmctl"
        }

        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(NodesCommand.Create(runner));
        root.Subcommands.Add(HealthCommand.Create(runner));
        root.Subcommands.Add(LifecycleCommand.Create(runner));
        root.Subcommands.Add(ReservationsCommand.Create(runner));
        root.Subcommands.Add(ClusterCommand.Create(runner));
        root.Subcommands.Add(EventsCommand.Create(runner));
        root.Subcommands.Add(TokensCommand.Create(runner));
        root.Subcommands.Add(CompletionCommand.Create(io));
        Help.Install(root, io.Out);
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliIo io, CancellationToken cancellationToken = default)
    {
        var parse = Build(io).Parse(args);
        return parse.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Err }, cancellationToken);
    }
}
