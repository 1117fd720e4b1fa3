using System.Diagnostics;
using NodeManager.Core.Health;
using NodeManager.Core.Nodes;
using NodeManager.Server.Fleet;
using NodeManager.Server.Health;
using Xunit.Abstractions;

namespace NodeManager.Ui.Tests.Api;

/// <summary>
/// The summary's count at 100,000 nodes (4 zones × 625 racks × 40): the counts are checked; the time is printed
/// (a figure for docs/ui.md, not an assertion).
/// </summary>
public sealed class FleetCountsScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void FleetCounts_100kNodes_CountsEveryNodeOnceAndPrintsTheTime()
    {
        var now = DateTimeOffset.UnixEpoch;
        var entries = new List<NodeHealthEntry>(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            var id = Guid.CreateVersion7(now.AddMilliseconds(i));
            var status = i % 100 == 7 ? HealthStatus.NotReady : i % 1000 == 3 ? HealthStatus.Down : HealthStatus.Ready;
            var spec = new NodeSpec { Name = $"n{i}", Ip = $"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", Location = new NodeLocation("", $"zone-{i / 25_000}", $"r{i % 25_000 / 40:D3}", "") };
            entries.Add(new NodeHealthEntry(id, spec, NodeHealthState.Initial(id, now) with { Status = status }) { Lifecycle = LifecycleState.Commissioned });
        }

        FleetCounts counts = null!;
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            counts = FleetCounts.Of(entries);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(100_000, counts.Total);
        Assert.Equal(1_000, counts.Health["NOT_READY"]);
        Assert.Equal(100, counts.Health["DOWN"]);
        Assert.Equal(98_900, counts.Health["READY"]);
        Assert.Equal(100_000, counts.Lifecycle["COMMISSIONED"]);
        Assert.Equal(2_500, counts.Racks.Count);
        Assert.All(counts.Racks, r => Assert.Equal(40, r.Total));
        Assert.Equal(100_000, counts.Racks.Sum(r => r.Ready + r.NotReady + r.Down + r.Unknown));
        output.WriteLine($"FleetCounts.Of over 100,000 entries, 2,500 racks: {string.Join(", ", times.Select(t => $"{t:0.0} ms"))} " +
            $"(machine: {Environment.ProcessorCount} cores)");
    }
}
