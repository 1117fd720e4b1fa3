using System.Globalization;
using System.Text.Json.Nodes;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>Tests of nmctl against the shared server: nodes with names, addresses and a label no other test uses.</summary>
[Collection(ServerCollection.Name)]
public abstract class CliTestBase(ServerFixture fixture)
{
    private static int _counter;

    protected ServerFixture Fixture => fixture;

    protected Nmctl Nmctl { get; } = fixture.Nmctl();

    /// <summary>A label value for this test's nodes only (select them with <c>-l test=&lt;Tag&gt;</c>).</summary>
    protected string Tag { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A fresh node's name, IP and MAC.</summary>
    protected static (string Name, string Ip, string Mac) NewAddresses()
    {
        var i = Interlocked.Increment(ref _counter);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        return ($"cli-{i}-{suffix}", $"10.77.{i / 250}.{i % 250 + 1}",
            string.Create(CultureInfo.InvariantCulture, $"02:77:00:00:{i / 256:x2}:{i % 256:x2}"));
    }

    /// <summary>Creates a node with nmctl (tagged with this test's label) and returns it as JSON.</summary>
    protected async Task<JsonObject> CreateNodeAsync(params string[] extra)
    {
        var (name, ip, mac) = NewAddresses();
        var result = await Nmctl.RunAsync(["nodes", "create", "--name", name, "--ip", ip, "--mac", mac, "--label", $"test={Tag}", "-o", "json", .. extra]);
        return result.Ok().Json();
    }
}
