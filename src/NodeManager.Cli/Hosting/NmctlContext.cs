using NodeManager.Cli.Config;
using NodeManager.Cli.Connection;
using NodeManager.Cli.Output;

namespace NodeManager.Cli.Hosting;

/// <summary>What a command runs with: settings, the connection (opened on first use), the printer, standard streams.</summary>
public sealed class NmctlContext(CliIo io, NmctlSettings settings) : IDisposable
{
    private NmctlConnection? _connection;

    public CliIo Io => io;

    public NmctlSettings Settings => settings;

    public Printer Printer { get; } = new(io, settings.Output);

    public NmctlConnection Server => _connection ??= new NmctlConnection(settings);

    public void Dispose() => _connection?.Dispose();
}
