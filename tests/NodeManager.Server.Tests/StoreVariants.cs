using NodeManager.Server.Tests.Alcor;
using NodeManager.Server.Tests.Changes;
using NodeManager.Server.Tests.Durability;
using NodeManager.Server.Tests.Grpc;
using NodeManager.Server.Tests.Health;
using NodeManager.Server.Tests.N0stack;
using NodeManager.Server.Tests.Rest;
using NodeManager.Testing;

namespace NodeManager.Server.Tests;

// Every store-agnostic suite, run once per store.
public sealed class SqliteNodesApiTests : NodesApiTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresNodesApiTests : NodesApiTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteImportApiTests : ImportApiTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresImportApiTests : ImportApiTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteNodeGrpcTests : NodeGrpcTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresNodeGrpcTests : NodeGrpcTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteDurabilityTests : DurabilityTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresDurabilityTests : DurabilityTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteHeartbeatTests : HeartbeatTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresHeartbeatTests : HeartbeatTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteBrokenStreamTests : BrokenStreamTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresBrokenStreamTests : BrokenStreamTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteDecommissionedHealthTests : DecommissionedHealthTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresDecommissionedHealthTests : DecommissionedHealthTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteWatchTests : WatchTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresWatchTests : WatchTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteWatchLimitsTests : WatchLimitsTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresWatchLimitsTests : WatchLimitsTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteAlcorApiTests : AlcorApiTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresAlcorApiTests : AlcorApiTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteN0stackGrpcTests : N0stackGrpcTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresN0stackGrpcTests : N0stackGrpcTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteN0stackInteropTests : GrpcJsN0stackInteropTestsBase
{
    protected override bool UsePostgres => false;

    [InteropFact]
    public Task GrpcJsClient_N0stackDocumentedCalls_AllChecksPass() => RunInteropAsync();
}

[RequiresPostgres]
public sealed class PostgresN0stackInteropTests : GrpcJsN0stackInteropTestsBase
{
    protected override bool UsePostgres => true;

    [InteropFact(Postgres = true)]
    public Task GrpcJsClient_N0stackDocumentedCalls_AllChecksPass() => RunInteropAsync();
}


public sealed class SqliteLifecycleApiTests : NodeManager.Server.Tests.Lifecycle.LifecycleApiTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresLifecycleApiTests : NodeManager.Server.Tests.Lifecycle.LifecycleApiTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteRollingBatchTests : NodeManager.Server.Tests.Lifecycle.RollingBatchTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresRollingBatchTests : NodeManager.Server.Tests.Lifecycle.RollingBatchTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteAutoCommissionTests : NodeManager.Server.Tests.Lifecycle.AutoCommissionTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresAutoCommissionTests : NodeManager.Server.Tests.Lifecycle.AutoCommissionTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteReservationGrpcTests : NodeManager.Server.Tests.Reservations.ReservationGrpcTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresReservationGrpcTests : NodeManager.Server.Tests.Reservations.ReservationGrpcTestsBase
{
    protected override bool UsePostgres => true;

    /// <summary>A silo of a cluster (Redis membership), so that more silos can join it on the same database.</summary>
    protected override bool Clustered => true;
}

public sealed class SqliteHealthRegistryFeedTests : HealthRegistryFeedTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresHealthRegistryFeedTests : HealthRegistryFeedTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteAgentProberTests : AgentProberTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresAgentProberTests : AgentProberTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteHeartbeatFlushTests : HeartbeatFlushTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresHeartbeatFlushTests : HeartbeatFlushTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteNodeHistoryTests : History.NodeHistoryTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresNodeHistoryTests : History.NodeHistoryTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteHistoryRetentionTests : History.HistoryRetentionTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresHistoryRetentionTests : History.HistoryRetentionTestsBase
{
    protected override bool UsePostgres => true;
}

public sealed class SqliteHistoryDurabilityTests : History.HistoryDurabilityTestsBase
{
    protected override bool UsePostgres => false;
}

[RequiresPostgres]
public sealed class PostgresHistoryDurabilityTests : History.HistoryDurabilityTestsBase
{
    protected override bool UsePostgres => true;
}
