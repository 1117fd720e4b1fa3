namespace NodeManager.Server.Tests.Grpc;

/// <summary>
/// A fact that needs Node.js and the npm packages of <c>tests/interop</c> (eng/test.sh installs them).
/// Skipped on a laptop without them; never skipped when <c>CI=true</c>, where it then fails.
/// </summary>
public sealed class InteropFactAttribute : FactAttribute
{
    /// <summary>Also needs the PostgreSQL server (skipped, like a [StoreFact] of a [RequiresPostgres] class, without one).</summary>
    public bool Postgres
    {
        get => field;
        set
        {
            field = value;
            if (value && Skip is null && NodeManager.Testing.PostgresTestEnvironment.SkipReason is { } reason)
            {
                Skip = reason;
            }
        }
    }

    public InteropFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !Directory.Exists(Path.Combine(InteropPaths.Directory, "node_modules", "@grpc", "grpc-js")))
        {
            Skip = $"run 'npm ci' in {InteropPaths.Directory} (eng/test.sh does) to run the @grpc/grpc-js interop tests";
        }
    }
}
