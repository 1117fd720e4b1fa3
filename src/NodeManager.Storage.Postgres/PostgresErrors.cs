using System.Net.Sockets;
using Npgsql;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

/// <summary>Classifies Npgsql failures and holds the store's throw helpers.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// Connection exceptions (class 08), admin/crash shutdown and cannot-connect-now (57P01..57P03),
    /// too many connections (53300), and anything Npgsql itself calls transient (timeouts, broken sockets).
    /// </summary>
    public static bool IsUnavailable(NpgsqlException ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
            || pg.IsTransient,
        _ => ex.IsTransient || ex.InnerException is SocketException or IOException or TimeoutException,
    };

    public static bool IsUniqueViolation(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>"nodes_name_key" → "name"; the primary key → "id".</summary>
    public static string ViolatedField(PostgresException ex) => ex.ConstraintName switch
    {
        "nodes_name_key" => "name",
        "nodes_ip_key" => "ip",
        "nodes_mac_key" => "mac",
        _ => "id",
    };

    public static StoreUnavailableException Unavailable(NpgsqlException ex) =>
        new($"PostgreSQL store unavailable: {ex.Message}", ex);

    public static InvalidOperationException NotInitialized() =>
        new("PostgreSQL store not initialized: call InitializeAsync first.");

    public static InvalidOperationException InvalidOptions(IReadOnlyList<string> problems) =>
        new("Invalid PostgreSQL store options:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
}
