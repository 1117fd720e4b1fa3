using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Publish;

/// <summary>
/// <c>dotnet publish src/NodeManager.Server -c Release</c> into a folder of its own, then that folder made read-only
/// (<c>chmod -R a-w</c>), as an image's program folder is under a read-only root file system. Beside it, a data and a
/// temp folder owned by the user the server runs as (<see cref="NonRootProcess"/>), as the chart mounts them.
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nm-deploy-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The published program, read-only.</summary>
    public string Program => Path.Combine(Root, "app");

    public string Dll => Path.Combine(Program, "NodeManager.Server.dll");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101); // 0755: the server's user reaches what is inside
        var project = Repo.File("src", "NodeManager.Server", "NodeManager.Server.csproj");
        await ProcessRun.RunCheckedAsync("dotnet", ["publish", project, "-c", "Release", "-o", Program, "-nologo", "-v", "quiet"], PublishTimeout,
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        Assert.True(File.Exists(Dll), $"dotnet publish left no {Dll}");
        await ProcessRun.RunCheckedAsync("chmod", ["-R", "a-w", Program], TimeSpan.FromMinutes(1));
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
