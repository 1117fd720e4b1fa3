using NodeManager.Server.Tests.Changes;
using NodeManager.Server.Tests.Durability;
using NodeManager.Server.Tests.Grpc;
using NodeManager.Server.Tests.Health;
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
