using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeManager.Deployment.Tests.Publish;

/// <summary>
/// The published server as a real process of a non-root user: <c>nobody</c> (65534) through <c>setpriv</c> when the
/// tests run as root, else the tests' own (non-root) user. Only this process is ever signalled or killed, by its id.
/// </summary>
public sealed class NonRootProcess : IAsyncDisposable
{
    public const int Uid = 65534;
    public const int Gid = 65534;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NonRootProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>True when the tests run as root and the server is started as <see cref="Uid"/>.</summary>
    public static bool SwitchesUser { get; } = UidOf("self") == 0;

    public int Id => _process.Id;

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

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/></c> with <paramref name="environment"/> on top of a minimal one (PATH, and
    /// HOME pointing nowhere: nothing may need a home folder), working directory <paramref name="workingDirectory"/>.
    /// </summary>
    public static NonRootProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string workingDirectory, IEnumerable<string>? args = null)
    {
        var info = new ProcessStartInfo(SwitchesUser ? "setpriv" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (SwitchesUser)
        {
            foreach (var arg in new[] { $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--", "dotnet" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.ArgumentList.Add(dll);
        foreach (var arg in args ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        info.Environment["HOME"] = "/nonexistent";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new NonRootProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the published server"));
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The user id the process runs as (from /proc).</summary>
    public int RealUid() => UidOf(_process.Id.ToString(CultureInfo.InvariantCulture));

    private static int UidOf(string pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until <paramref name="http"/>/readyz answers 200 while the process runs; throws with its output otherwise.</summary>
    public async Task WaitReadyAsync(Uri http, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                throw new InvalidOperationException($"the published server exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the published server (pid {_process.Id}) was not ready within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod.</summary>
    public async Task TerminateAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
