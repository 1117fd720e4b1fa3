using System.Diagnostics;

namespace NodeManager.Deployment.Tests.Infrastructure;

/// <summary>What a finished process said.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>For assertion messages: the command, its exit code and both streams.</summary>
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs a tool to its end within a time limit. A process still running at the limit is killed (by its own id, with
/// its children) and the run fails saying so.
/// </summary>
public static class ProcessRun
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var command = file + " " + string.Join(' ', info.ArgumentList.Select(a => a.Contains(' ') ? $"'{a}'" : a));
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            throw new TimeoutException($"{command} did not finish within {timeout.TotalSeconds:0} s; killed (pid {process.Id}).\n" +
                $"--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return new ProcessResult(command, process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(30)), await stderr.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>As <see cref="RunAsync"/>, throwing with everything the process said when it fails.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await RunAsync(file, args, timeout, stdin, workingDirectory, environment);
        return result.Succeeded ? result : throw new InvalidOperationException("command failed:\n" + result);
    }
}
