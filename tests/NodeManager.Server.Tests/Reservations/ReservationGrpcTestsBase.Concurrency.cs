using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Reservations;

public abstract partial class ReservationGrpcTestsBase
{
    /// <summary>
    /// 200 reservations at once for 50 slots. PostgreSQL: two more silos of the server's cluster on the same database
    /// (bounded pools), calls alternating between them. SQLite is single-instance by design (a second
    /// host on the file refuses to start), so all 200 go through this one server.
    /// </summary>
    [StoreFact]
    public async Task ReserveCompute_200InParallelAcrossInstances_NeverOvercommits()
    {
        var node = await NodeAsync(1, cpu: 10_000);
        var hosts = UsePostgres ? [await StartBoundedHostAsync(), await StartBoundedHostAsync()] : new List<ServerInstance>();
        var channels = hosts.Select(h => TestGrpcChannel.ForAddress(h.Grpc)).ToList();
        var clients = UsePostgres ? channels.Select(c => new ReservationService.ReservationServiceClient(c)).ToList() : [Reservations];
        try
        {
            var calls = Enumerable.Range(0, 200).Select(async i =>
            {
                try
                {
                    await clients[i % clients.Count].ReserveComputeAsync(Compute(node, $"r-{i}", 200), Deadline());
                    return StatusCode.OK;
                }
                catch (RpcException ex)
                {
                    return ex.StatusCode;
                }
            });
            var statuses = await Task.WhenAll(calls).WaitAsync(TestTimeout.Default);

            Assert.Equal(50, statuses.Count(s => s == StatusCode.OK));
            Assert.Equal(150, statuses.Count(s => s == StatusCode.ResourceExhausted));
            var list = await Reservations.ListReservationsAsync(new ListReservationsRequest { NodeId = node }, Deadline());
            Assert.Equal((50, 10_000L, 0L), (list.Reservations.Count, list.Reserved.CpuMilliCores, list.Free.CpuMilliCores));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private Task<ServerInstance> StartBoundedHostAsync() =>
        ServerInstance.StartAsync(StoreArgs.Select(a => a.StartsWith("--ConnectionStrings:NodeManager=", StringComparison.Ordinal) ? a + ";Maximum Pool Size=30" : a));
}
