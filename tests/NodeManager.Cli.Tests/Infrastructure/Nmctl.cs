using NodeManager.Cli.Hosting;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>
/// Runs nmctl in-process through its entry point (<see cref="NmctlApp.RunAsync"/>) with captured standard output and
/// error and an environment of the test's own: HOME is an empty directory (no user config file is read) and NMCTL_SERVER
/// points at <paramref name="server"/> unless the test sets it. Each run is bounded by <see cref="TestTimeout.Default"/>.
/// </summary>
public sealed class Nmctl(Uri? server, string home)
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string? Stdin { get; set; }

    public bool ErrIsTerminal { get; set; }

    public async Task<NmctlResult> RunAsync(params string[] args)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = home };
        if (server is not null)
        {
            env["NMCTL_SERVER"] = server.ToString();
        }

        foreach (var (key, value) in Environment)
        {
            env[key] = value;
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var io = new CliIo
        {
            Out = output,
            Err = error,
            In = new StringReader(Stdin ?? ""),
            Environment = key => env.GetValueOrDefault(key),
            ErrIsTerminal = ErrIsTerminal,
        };
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        var exit = await NmctlApp.RunAsync(args, io, timeout.Token).WaitAsync(TestTimeout.Default + TimeSpan.FromSeconds(5));
        Assert.False(timeout.IsCancellationRequested, $"nmctl {string.Join(' ', args)} did not end within {TestTimeout.Default.TotalSeconds} s");
        return new NmctlResult(exit, output.ToString(), error.ToString());
    }
}
