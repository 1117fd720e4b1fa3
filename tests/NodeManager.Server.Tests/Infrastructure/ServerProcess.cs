using NodeManager.Testing;
using System.Diagnostics;
using NodeManager.Server.Hosting;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>
/// The server as a real OS process (the built NodeManager.Server.dll), for crash tests. Ready once the child
/// itself logged that it listens on its port; a start that fails kills that child (by its process id) and no other.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>What an unhandled bind failure prints (Kestrel's exception type).</summary>
    private const string AddressInUse = "Microsoft.AspNetCore.Connections.AddressInUseException";

    /// <summary>What the silo's bind failure prints (a socket error).</summary>
    private const string SiloAddressInUse = "Address already in use";

    /// <summary>The category of Kestrel's "Now listening on: ..." line, logged once an endpoint is bound.</summary>
    private const string ListeningCategory = "Microsoft.Hosting.Lifetime";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly string _listeningLine;
    private volatile bool _listening;

    private ServerProcess(Process process, Uri http, Uri grpc, int siloPort)
    {
        _process = process;
        _listeningLine = $"Now listening on: {http.GetLeftPart(UriPartial.Authority)}";
        Http = http;
        Grpc = grpc;
        SiloPort = siloPort;
        Client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Http { get; }

    /// <summary>The HTTP/2-only gRPC endpoint.</summary>
    public Uri Grpc { get; }

    /// <summary>The <c>Orleans:Endpoints:SiloPort</c> this helper gave the child (on loopback).</summary>
    public int SiloPort { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<ServerProcess> StartAsync(IEnumerable<string> args) => StartAsync(args, ReadyTimeout, LoopbackHost.FreePort);

    /// <summary>As above, with the limit for readiness and the picker of the HTTP port (tests of this helper give a taken one).</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> args, TimeSpan readyTimeout, Func<int> httpPort)
    {
        // A port free a moment ago may be taken by a test running in parallel before the server binds it:
        // the process exits naming the exception, and a new one gets new ports.
        var list = args.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var server = Start(list, httpPort());
            try
            {
                await server.WaitReadyAsync(readyTimeout);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && (server.Output.Contains(AddressInUse, StringComparison.Ordinal)
                || server.Output.Contains(SiloAddressInUse, StringComparison.Ordinal)))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync(); // a child that is still starting is ours to kill, and only that one
                throw;
            }
        }
    }

    private static ServerProcess Start(IReadOnlyList<string> args, int httpPort)
    {
        var http = new Uri($"http://127.0.0.1:{httpPort}");
        var siloPort = LoopbackHost.FreePort();
        var grpc = new Uri($"http://127.0.0.1:{LoopbackHost.FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(NodeManagerApp).Assembly.Location);
        info.ArgumentList.Add($"--Kestrel:Endpoints:Http:Url={http}");
        info.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url={grpc}");
        info.ArgumentList.Add($"--Orleans:Endpoints:SiloPort={siloPort}");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add($"--Logging:LogLevel:{ListeningCategory}=Information"); // last: readiness needs the line it logs

        var process = Process.Start(info)!;
        var server = new ServerProcess(process, http, grpc, siloPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line is not null && line.TrimEnd().EndsWith(_listeningLine, StringComparison.Ordinal))
        {
            _listening = true;
        }
    }

    /// <summary>
    /// Ready when the child said it listens on our port (until then the port may be another server's, which
    /// would answer /readyz) and /readyz answers there while the child is still running.
    /// </summary>
    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // The exit can be seen before the output readers drained the pipes; this waits for them.
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                throw new InvalidOperationException($"server exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (_listening)
            {
                try
                {
                    using var response = await Client.GetAsync("/readyz");
                    if (response.IsSuccessStatusCode && !_process.HasExited)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"server (pid {_process.Id}) not ready within {timeout.TotalSeconds:0.#} s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; only what was durable survives.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as an orchestrator stops a server: it shuts down on its own (see <see cref="WaitForExitAsync"/>).</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(10_000);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            await KillHardAsync();
        }

        _process.Dispose();
    }
}
