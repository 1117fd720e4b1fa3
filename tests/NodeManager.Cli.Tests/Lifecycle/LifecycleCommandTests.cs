using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Lifecycle;

public sealed class LifecycleCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task Transition_Commission_MovesTheNodeAndRecordsTheCallerNotTheUserOrActorFlag()
    {
        var created = await CreateNodeAsync();
        var name = (string)created["name"]!;
        Nmctl.Environment["USER"] = "alice";

        var table = (await Nmctl.RunAsync("lifecycle", "transition", name, "--to", "commissioned", "--reason", "burn-in passed", "--actor", "mallory")).Ok();
        var again = (await Nmctl.RunAsync("lifecycle", "transition", name, "--to", "COMMISSIONED", "--reason", "again", "-o", "json")).Ok().Json();

        Assert.Contains("REGISTERED → COMMISSIONED", table.Out);
        Assert.Contains(name, table.Out);
        Assert.Null(again["changed"]);
        Assert.Equal("LIFECYCLE_STATE_COMMISSIONED", (string)again["node"]!["lifecycleState"]!);

        var events = (await Nmctl.RunAsync("events", "watch", "-l", $"test={Tag}", "--exclude-health", "--count", "2", "-o", "json")).Ok().JsonLines();
        Assert.Equal("anonymous", (string)events[1]["transition"]!["actor"]!); // the server is open: no authenticated identity
    }

    [Fact]
    public async Task Transition_Illegal_ExitsConflictNamingTheAllowedTargets()
    {
        var created = await CreateNodeAsync();

        var result = await Nmctl.RunAsync("lifecycle", "transition", (string)created["id"]!, "--to", "maintenance", "--reason", "disk swap");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("COMMISSIONED", result.Err);
    }

    [Fact]
    public async Task Transition_WithoutReason_IsAUsageErrorNamingTheFlag()
    {
        var result = await Nmctl.RunAsync("lifecycle", "transition", "some-node", "--to", "commissioned");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason", result.Err);
    }

    [Fact]
    public async Task Transition_UnknownState_IsAUsageErrorListingTheStates()
    {
        var result = await Nmctl.RunAsync("lifecycle", "transition", "some-node", "--to", "retired", "--reason", "x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--to: 'retired' is not one of registered, commissioned, maintenance, upgrading, decommissioned", result.Err);
    }

    [Fact]
    public async Task Batch_BySelector_FollowsTheOperationToTheEndWithProgress()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateNodeAsync();
        }

        var result = (await Nmctl.RunAsync("lifecycle", "batch", "-l", $"test={Tag}", "--to", "commissioned", "--reason", "rack ready", "--poll-interval", "200ms", "-o", "json")).Ok();

        var op = result.Json();
        Assert.Equal("OPERATION_STATE_SUCCEEDED", (string)op["state"]!);
        Assert.Equal((3, 3), ((int)op["progress"]!["total"]!, (int)op["progress"]!["applied"]!));
        Assert.Contains("3/3 nodes", result.Err);
        Assert.Contains("nodes/s", result.Err);

        var get = (await Nmctl.RunAsync("lifecycle", "operation", "get", (string)op["id"]!)).Ok();
        Assert.Contains("SUCCEEDED", get.Out);
        Assert.Equal(3, get.Out.Split('\n').Count(l => l.Contains("APPLIED", StringComparison.Ordinal)));
        var nodes = (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}", "--state", "commissioned", "-o", "json")).Ok().Json();
        Assert.Equal(3, nodes["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Batch_ByNodeDryRun_ReportsThePlanAndMovesNothing()
    {
        var a = await CreateNodeAsync();
        var b = await CreateNodeAsync();

        var plan = (await Nmctl.RunAsync("lifecycle", "batch", "--node", (string)a["name"]!, "--node", (string)b["id"]!, "--to", "commissioned", "--reason", "plan", "--dry-run", "-o", "yaml")).Ok().Yaml();

        Assert.Equal("true", plan["dryRun"]);
        Assert.Equal(2, ((List<object>)plan["nodes"]).Count);
        var nodes = (await Nmctl.RunAsync("nodes", "list", "-l", $"test={Tag}", "--state", "registered", "-o", "json")).Ok().Json();
        Assert.Equal(2, nodes["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Batch_RollingNoWait_ThenCancelAndWait_EndsCancelledWithExitConflict()
    {
        for (var i = 0; i < 2; i++)
        {
            var node = await CreateNodeAsync();
            (await Nmctl.RunAsync("lifecycle", "transition", (string)node["id"]!, "--to", "commissioned", "--reason", "ready")).Ok();
        }

        // At most one of the two out of COMMISSIONED: the second waits for the first to come back, which nobody does.
        var started = (await Nmctl.RunAsync("lifecycle", "batch", "-l", $"test={Tag}", "--to", "maintenance", "--max-unavailable", "1", "--reason", "drain", "--no-wait", "-o", "json")).Ok().Json();
        Assert.Equal("OPERATION_STATE_RUNNING", (string)started["state"]!);
        var id = (string)started["id"]!;

        var cancelled = (await Nmctl.RunAsync("lifecycle", "operation", "cancel", id, "-o", "json")).Ok().Json();
        var waited = await Nmctl.RunAsync("lifecycle", "operation", "wait", id, "--poll-interval", "200ms");

        Assert.Equal("OPERATION_STATE_CANCELLED", (string)cancelled["state"]!);
        Assert.Equal(ExitCodes.Conflict, waited.ExitCode);
        Assert.Contains("CANCELLED", waited.Out);
        Assert.Contains($"operation {id}", waited.Err);
    }

    [Fact]
    public async Task Batch_WithNeitherNodesNorSelector_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("lifecycle", "batch", "--to", "commissioned", "--reason", "x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--node", result.Err);
        Assert.Contains("--selector", result.Err);
    }

    [Fact]
    public async Task OperationGet_UnknownId_ExitsNotFound()
    {
        var result = await Nmctl.RunAsync("lifecycle", "operation", "get", Guid.NewGuid().ToString());

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }
}
