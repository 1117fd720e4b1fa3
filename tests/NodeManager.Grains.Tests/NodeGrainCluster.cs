using Microsoft.Extensions.DependencyInjection;
using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Grains.Lifecycle;
using NodeManager.Grains.Nodes;
using NodeManager.Storage.Sqlite;
using NodeManager.Testing;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace NodeManager.Grains.Tests;

/// <summary>
/// Three silos in this process (Orleans' InProcessTestCluster) over one real SQLite file, each silo with
/// the same store instance, as silos of one cluster share one database. Failure detection is shortened
/// so that a killed silo is declared dead in seconds.
/// </summary>
public sealed class NodeGrainCluster : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nm-grains-").FullName;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public SqliteNodeStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteNodeStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "nodes.db") });
        await Store.InitializeAsync(CancellationToken.None).WaitAsync(TestTimeout.Default);
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<INodeStore>(Store);
            host.Services.AddSingleton<ILifecycleStore>(Store);
            host.Services.AddSingleton<IReservationStore>(Store);
            host.Services.AddSingleton<IOperationStore>(Store);
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddSingleton(new LifecycleOptions
            {
                OperationPollInterval = TimeSpan.FromMilliseconds(100),
                OperationResumeInterval = TimeSpan.FromSeconds(1),
            });
            host.Services.AddHostedService<OperationResumer>();
            host.Services.AddSingleton<HeartbeatLedger>();
            host.Services.AddSingleton<ISiloNodeHealth>(sp => sp.GetRequiredService<HeartbeatLedger>());
        });
        builder.ConfigureSilo((_, silo) => silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
        }));
        Cluster = builder.Build();
        await Cluster.DeployAsync().WaitAsync(TestTimeout.Default);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync().AsTask().WaitAsync(TestTimeout.Default);
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The grain of node <paramref name="id"/> as silo <paramref name="silo"/> calls it (its own grain factory).</summary>
    public INodeGrain Through(int silo, Guid id) =>
        Cluster.Silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<INodeGrain>(id);

    /// <summary>The silo that holds the activation of <paramref name="grain"/>, if one is active.</summary>
    public SiloAddress? HostOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    /// <summary>The silo that holds the activation of node <paramref name="id"/>'s grain, if one is active.</summary>
    public SiloAddress? HostOf(Guid id) =>
        Cluster.TryGetGrainContext(Through(0, id).GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    public int IndexOf(SiloAddress? silo) => Cluster.Silos.ToList().FindIndex(s => s.SiloAddress.Equals(silo));

    /// <summary>The heartbeats that reached grains on silo <paramref name="silo"/>.</summary>
    public HeartbeatLedger LedgerOf(int silo) => Cluster.Silos[silo].ServiceProvider.GetRequiredService<HeartbeatLedger>();
}

[CollectionDefinition(Name)]
public sealed class NodeGrainClusterCollection : ICollectionFixture<NodeGrainCluster>
{
    public const string Name = "three silos";
}
