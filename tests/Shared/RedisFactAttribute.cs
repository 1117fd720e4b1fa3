namespace NodeManager.Testing;

/// <summary>
/// A fact that needs the Redis server named by <c>NODEMANAGER_TEST_REDIS</c> (eng/test.sh starts one).
/// Skipped on a laptop without it; never skipped when <c>CI=true</c>, where it then fails: the test
/// calls <see cref="RedisTestEnvironment.RequireEndpoint"/> first. See <see cref="RedisTestEnvironment.SkipReason"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RedisTestEnvironment.SkipReason;
    }
}
