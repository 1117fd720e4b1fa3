using System.Globalization;
using System.Text.Json;
using NodeManager.Deployment.Tests.Infrastructure;

namespace NodeManager.Deployment.Tests.Publish;

/// <summary>
/// The images' settings (server, agent, nmctl) (the SDK's container properties in the project files, read with <c>dotnet msbuild -getProperty</c>)
/// agree with what the chart runs: the same non-root user, ports, and writable paths. The images themselves cannot be
/// built here (their base image's registry is not reachable).
/// </summary>
public sealed class ContainerPropertiesTests
{
    [Fact]
    public async Task ServerImage_Properties_MatchTheChartsSilo()
    {
        var image = await ContainerAsync("NodeManager.Server");
        var rendered = await Infrastructure.Chart.RenderAsync();
        var pod = Workload.PodTemplate(rendered.Silos).GetProperty("spec");
        var silo = Workload.Container(rendered.Silos, "silo");
        var mounts = silo.GetProperty("volumeMounts").EnumerateArray().Select(m => m.GetProperty("mountPath").GetString()!).ToList();

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", image.Property("ContainerBaseImage"));
        var user = int.Parse(image.Property("ContainerUser"), CultureInfo.InvariantCulture);
        Assert.NotEqual(0, user);
        Assert.Equal(user, pod.GetProperty("securityContext").GetProperty("runAsUser").GetInt32());
        Assert.Equal(
            new[] { "http", "grpc", "silo" }.Select(p => Workload.Port(silo, p)).Order(),
            image.Items("ContainerPort").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Order());

        // What the image writes is under the folders the chart mounts writable (its root file system is read-only).
        var environment = image.Environment();
        Assert.Contains(mounts, m => environment["NodeManager__Storage__Sqlite__Path"].StartsWith(m + "/", StringComparison.Ordinal));
        Assert.Contains(environment["TMPDIR"], mounts);
        Assert.Equal(Workload.Port(silo, "http"), new Uri(environment["Kestrel__Endpoints__Http__Url"].Replace("*", "localhost", StringComparison.Ordinal)).Port);
        Assert.Equal(Workload.Port(silo, "grpc"), new Uri(environment["Kestrel__Endpoints__Grpc__Url"].Replace("*", "localhost", StringComparison.Ordinal)).Port);
    }

    [Fact]
    public async Task AgentImage_Properties_MatchTheChartsDaemonSet()
    {
        var image = await ContainerAsync("NodeManager.Agent");
        var rendered = await Infrastructure.Chart.RenderAsync(Infrastructure.Chart.ProfileArgs("agents"));
        var agent = Workload.Container(rendered.Single("DaemonSet", $"{Infrastructure.Chart.FullName}-agent"), "agent");
        var env = Workload.Env(agent);
        var mounts = agent.GetProperty("volumeMounts").EnumerateArray().Select(m => m.GetProperty("mountPath").GetString()!).ToList();

        Assert.NotEqual(0, int.Parse(image.Property("ContainerUser"), CultureInfo.InvariantCulture));
        Assert.Equal([Workload.Port(agent, "probe")], image.Items("ContainerPort").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray());
        var environment = image.Environment();
        Assert.Equal(Workload.Value(env["NodeManagerAgent__StateDir"]), environment["NodeManagerAgent__StateDir"]);
        Assert.Contains(environment["NodeManagerAgent__StateDir"], mounts);
        Assert.Contains(environment["TMPDIR"], mounts);
    }

    [Fact]
    public async Task NmctlImage_Properties_NonRootRuntimeWithoutPorts()
    {
        var image = await ContainerAsync("NodeManager.Cli");

        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", image.Property("ContainerBaseImage")); // no ASP.NET Core: a client only
        Assert.NotEqual(0, int.Parse(image.Property("ContainerUser"), CultureInfo.InvariantCulture));
        Assert.Empty(image.Items("ContainerPort"));
        Assert.StartsWith("/etc/", image.Environment()["NMCTL_CONFIG"], StringComparison.Ordinal); // a mounted file, read only
    }

    private static async Task<ContainerSettings> ContainerAsync(string project)
    {
        var path = Repo.File("src", project, project + ".csproj");
        var run = await ProcessRun.RunCheckedAsync("dotnet", ["msbuild", path, "-nologo",
            "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser", "-getProperty:ContainerRepository",
            "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable"], TimeSpan.FromMinutes(3));
        return new ContainerSettings(JsonDocument.Parse(run.Stdout).RootElement);
    }

    private sealed class ContainerSettings(JsonElement json)
    {
        public string Property(string name) => json.GetProperty("Properties").GetProperty(name).GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set in the project");

        public IEnumerable<string> Items(string name) =>
            json.GetProperty("Items").TryGetProperty(name, out var items)
                ? items.EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)
                : [];

        public Dictionary<string, string> Environment() =>
            json.GetProperty("Items").GetProperty("ContainerEnvironmentVariable").EnumerateArray()
                .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Value").GetString()!);
    }
}
