using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Publish;

/// <summary>
/// <c>dotnet publish src/NodeManager.Server -c Release</c> into a folder of its own, then that folder made read-only
/// (<c>chmod -R a-w</c>), as an image's program folder is under a read-only root file system. Beside it, a data and a
/// temp folder owned by the user the server runs as (<see cref="NonRootProcess"/>), as the chart mounts them. The agent
/// is published the same way when a test first asks for it (<see cref="AgentDllAsync"/>).
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private readonly Lazy<Task<string>> _agent;

    private readonly Lazy<Task<string>> _nmctl;

    public PublishedServer()
    {
        _agent = new(() => PublishAsync("NodeManager.Agent", "agent"));
        _nmctl = new(() => PublishAsync("NodeManager.Cli", "nmctl", "nmctl"));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nm-deploy-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The published program, read-only.</summary>
    public string Program => Path.Combine(Root, "app");

    public string Dll => Path.Combine(Program, "NodeManager.Server.dll");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101); // 0755: the server's user reaches what is inside
        Assert.Equal(Dll, await PublishAsync("NodeManager.Server", "app"));
    }

    /// <summary>The published agent (NodeManager.Agent.dll in its own read-only folder).</summary>
    public Task<string> AgentDllAsync() => _agent.Value;

    /// <summary>The published nmctl (nmctl.dll in its own read-only folder).</summary>
    public Task<string> NmctlDllAsync() => _nmctl.Value;

    private async Task<string> PublishAsync(string project, string folder, string? assembly = null)
    {
        var output = Path.Combine(Root, folder);
        await ProcessRun.RunCheckedAsync("dotnet", ["publish", Repo.File("src", project, project + ".csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "quiet"],
            PublishTimeout, environment: new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var dll = Path.Combine(output, (assembly ?? project) + ".dll");
        Assert.True(File.Exists(dll), $"dotnet publish left no {dll}");
        await ProcessRun.RunCheckedAsync("chmod", ["-R", "a-w", output], TimeSpan.FromMinutes(1));
        return dll;
    }

    /// <summary>A new folder the server's user may write (its data or temp folder), under <see cref="Root"/>.</summary>
    public async Task<string> WritableFolderAsync(string name)
    {
        var path = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_000_000); // 0700: only its owner
        if (NonRootProcess.SwitchesUser)
        {
            await ProcessRun.RunCheckedAsync("chown", [$"{NonRootProcess.Uid}:{NonRootProcess.Gid}", path], TimeSpan.FromSeconds(30));
        }

        return path;
    }

    public async Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            await ProcessRun.RunAsync("chmod", ["-R", "u+w", Root], TimeSpan.FromMinutes(1));
            Directory.Delete(Root, recursive: true);
        }
    }
}
