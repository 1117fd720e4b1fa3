using NodeManager.Cli.Hosting;
using NodeManager.Cli.Tests.Infrastructure;

namespace NodeManager.Cli.Tests.Reservations;

public sealed class ReservationsCommandTests(ServerFixture fixture) : CliTestBase(fixture)
{
    [Fact]
    public async Task ReserveListRelease_ComputeAndStorage()
    {
        var name = (string)(await CreateNodeAsync("--cpu", "16", "--memory", "64Gi", "--storage", "1Ti"))["name"]!;

        var vm = (await Nmctl.RunAsync("reservations", "reserve", name, "vm-42", "--cpu", "4", "--cpu-limit", "8", "--memory", "16Gi", "-o", "json")).Ok().Json();
        var volume = (await Nmctl.RunAsync("reservations", "reserve", name, "vol-7", "--storage", "500G")).Ok();

        Assert.Equal(("RESERVATION_KIND_COMPUTE", "4000", "8000", "17179869184"),
            ((string)vm["kind"]!, (string)vm["requestCpuMilliCores"]!, (string)vm["limitCpuMilliCores"]!, (string)vm["requestMemoryBytes"]!));
        Assert.Contains("vol-7", volume.Out);

        var list = (await Nmctl.RunAsync("reservations", "list", name, "-o", "json")).Ok().Json();
        Assert.Equal(2, list["reservations"]!.AsArray().Count);
        Assert.Equal(("12000", "500000000000"), ((string)list["free"]!["cpuMilliCores"]!, (string)list["reserved"]!["storageBytes"]!));
        var table = (await Nmctl.RunAsync("reservations", "list", name)).Ok();
        Assert.Contains("vm-42", table.Out);
        Assert.Contains("free", table.Out);

        (await Nmctl.RunAsync("reservations", "release", name, "vm-42")).Ok();
        (await Nmctl.RunAsync("reservations", "release", name, "vol-7", "--kind", "storage")).Ok();
        var empty = (await Nmctl.RunAsync("reservations", "list", name, "-o", "json")).Ok().Json();
        Assert.Empty(empty["reservations"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task Reserve_MoreThanTheCapacity_ExitsConflict()
    {
        var name = (string)(await CreateNodeAsync("--cpu", "2", "--memory", "4Gi"))["name"]!;

        var result = await Nmctl.RunAsync("reservations", "reserve", name, "big", "--cpu", "4", "--memory", "1Gi");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("cpu", result.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Reserve_ComputeAndStorageTogether_IsAUsageError()
    {
        var result = await Nmctl.RunAsync("reservations", "reserve", "n", "x", "--cpu", "1", "--storage", "1G");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--storage", result.Err);
    }

    [Fact]
    public async Task Schedule_PicksTheCommissionedReadyNodeWithRoom()
    {
        var node = await CreateNodeAsync("--cpu", "8", "--memory", "32Gi");
        var id = (string)node["id"]!;
        (await Nmctl.RunAsync("lifecycle", "transition", id, "--to", "commissioned", "--reason", "ready")).Ok();
        await Heartbeats.SendAsync(Fixture, id);

        var scheduled = (await Nmctl.RunAsync("reservations", "schedule", "vm-s", "--cpu", "2", "--memory", "4Gi", "-l", $"test={Tag}", "--policy", "spread", "-o", "json")).Ok().Json();

        Assert.Equal((id, "vm-s"), ((string)scheduled["nodeId"]!, (string)scheduled["name"]!));
    }

    [Fact]
    public async Task Release_Unknown_ExitsNotFound()
    {
        var name = (string)(await CreateNodeAsync("--cpu", "2", "--memory", "4Gi"))["name"]!;

        var result = await Nmctl.RunAsync("reservations", "release", name, "nothing-here");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }
}
