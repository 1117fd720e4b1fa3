using NodeManager.Testing;

namespace NodeManager.Ui.Tests.Api;

/// <summary>
/// A fact that needs the test Redis (<c>NODEMANAGER_TEST_REDIS</c>) and PostgreSQL (<c>NODEMANAGER_TEST_POSTGRES</c>):
/// skipped on a laptop without them, run (and failing, naming what is missing) when <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        Skip = RedisTestEnvironment.SkipReason ?? PostgresTestEnvironment.SkipReason;
    }
}
