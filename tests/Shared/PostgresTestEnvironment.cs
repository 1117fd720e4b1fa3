namespace NodeManager.Testing;

/// <summary>Where the tests find PostgreSQL, and whether they may skip without it.</summary>
public static class PostgresTestEnvironment
{
    /// <summary>A server connection string such as <c>Host=127.0.0.1;Port=54329;Username=postgres</c>.</summary>
    public const string Variable = "NODEMANAGER_TEST_POSTGRES";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when PostgreSQL tests must run: a server is configured, or this is CI (where they then fail).</summary>
    public static string? SkipReason => ServerConnectionString is null && !IsCi
        ? $"PostgreSQL not configured: set {Variable} or run eng/test.sh (which starts a server)."
        : null;

    public static string NotConfiguredMessage =>
        $"{Variable} is not set{(IsCi ? " and CI=true, so PostgreSQL tests cannot skip" : "")}. " +
        $"Run eng/test.sh, which starts a throwaway server (eng/postgres.sh start <dir>) and sets it, " +
        $"or point it at a server: {Variable}=\"Host=127.0.0.1;Port=54329;Username=postgres\".";
}
