namespace NodeManager.Testing;

/// <summary>Where the tests find Redis, and whether they may skip without it.</summary>
public static class RedisTestEnvironment
{
    /// <summary>A server endpoint such as <c>127.0.0.1:6379</c> (host:port).</summary>
    public const string Variable = "NODEMANAGER_TEST_REDIS";

    public static string? Endpoint =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when Redis tests must run: a server is configured, or this is CI (where they then fail).</summary>
    public static string? SkipReason => Endpoint is null && !IsCi
        ? $"Redis not configured: set {Variable} or run eng/test.sh (which starts a server)."
        : null;

    public static string NotConfiguredMessage =>
        $"{Variable} is not set{(IsCi ? " and CI=true, so Redis tests cannot skip" : "")}. " +
        $"Run eng/test.sh, which starts a throwaway server (eng/redis.sh start <dir>) and sets it, " +
        $"or point it at a server: {Variable}=\"127.0.0.1:6379\".";

    /// <summary>
    /// The endpoint, or <see cref="InvalidOperationException"/> with <see cref="NotConfiguredMessage"/>:
    /// a <see cref="RedisFactAttribute"/> test calls it first, so that on CI without Redis it fails and says why.
    /// </summary>
    public static string RequireEndpoint() => Endpoint ?? throw new InvalidOperationException(NotConfiguredMessage);
}
