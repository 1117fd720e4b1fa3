using System.Diagnostics;
using NodeManager.Server.Hosting;

namespace NodeManager.Server.Tests.Infrastructure;

/// <summary>The server as a real OS process (the built NodeManager.Server.dll), for crash tests.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>What an unhandled bind failure prints (Kestrel's exception type).</summary>
    private const string AddressInUse = "Microsoft.AspNetCore.Connections.AddressInUseException";

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ServerProcess(Process process, Uri http)
    {
        _process = process;
        Http = http;
        Client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Http { get; }

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

    public static async Task<ServerProcess> StartAsync(IEnumerable<string> args)
    {
        // A port free a moment ago may be taken by a test running in parallel before the server binds it:
        // the process exits naming the exception, and a new one gets new ports.
        var list = args.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var server = Start(list);
            try
            {
                await server.WaitReadyAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && server.Output.Contains(AddressInUse, StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
        }
    }

    private static ServerProcess Start(IReadOnlyList<string> args)
    {
        var http = new Uri($"http://127.0.0.1:{ServerInstance.FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(NodeManagerApp).Assembly.Location);
        info.ArgumentList.Add($"--Kestrel:Endpoints:Http:Url={http}");
        info.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{ServerInstance.FreePort()}");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var server = new ServerProcess(process, http);
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
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // The exit can be seen before the output readers drained the pipes; this waits for them.
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                throw new InvalidOperationException($"server exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"server not ready within 60 s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; only what was durable survives.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
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
