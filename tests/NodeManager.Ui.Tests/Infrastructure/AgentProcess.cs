using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeManager.Testing;

namespace NodeManager.Ui.Tests.Infrastructure;

/// <summary>
/// The real node agent (src/NodeManager.Agent, built beside these tests) as a child process: it registers this
/// machine under <see cref="Name"/>, streams heartbeats to the server and answers its probes on a loopback port.
/// <see cref="Kill"/> kills it (SIGKILL, by its process id): no goodbye, the stream and the probe endpoint just vanish.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _stateDir;

    private AgentProcess(Process process, string name, int port, string stateDir)
    {
        _process = process;
        Name = name;
        Port = port;
        _stateDir = stateDir;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

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

    public static AgentProcess Start(Uri grpc, string name)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "nm-ui-agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(stateDir);
        var port = LoopbackHost.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = stateDir,
        };
        foreach (var arg in (string[])[AgentDll(), $"--contentRoot={stateDir}", "--server", grpc.ToString(), "--agent-port", port.ToString(CultureInfo.InvariantCulture),
            "--listen", "127.0.0.1", "--management-address", "127.0.0.1", "--state-dir", stateDir, "--name", name])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the agent process did not start");
        return new AgentProcess(process, name, port, stateDir);
    }

    /// <summary>SIGKILL to this agent's process (and only it).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TestTimeout.Default);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The agent's build in the same configuration as these tests (the project reference builds it first).</summary>
    private static string AgentDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;                  // net10.0
        var configuration = output.Parent!.Name;      // Debug or Release
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "NodeManager.Agent", "bin", configuration, framework, "NodeManager.Agent.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"NodeManager.Agent.dll ({configuration}/{framework}) was not found above {output.FullName}: build src/NodeManager.Agent");
    }
}
