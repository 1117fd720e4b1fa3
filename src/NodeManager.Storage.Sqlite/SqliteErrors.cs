using Microsoft.Data.Sqlite;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int Constraint = 19;

    public static bool IsUniqueViolation(SqliteException ex) => ex.SqliteErrorCode == Constraint;

    /// <summary>"UNIQUE constraint failed: nodes.ip" → "ip".</summary>
    public static string ViolatedField(SqliteException ex)
    {
        var at = ex.Message.LastIndexOf("nodes.", StringComparison.Ordinal);
        return at < 0 ? "id" : new string(ex.Message[(at + 6)..].TakeWhile(char.IsAsciiLetterOrDigit).ToArray());
    }

    /// <summary>Busy, locked, I/O, full, cannot-open: the store is unavailable, not the request wrong.</summary>
    public static bool IsUnavailable(SqliteException ex) => ex.SqliteErrorCode is 5 or 6 or 10 or 13 or 14;

    public static StoreUnavailableException Unavailable(SqliteException ex) =>
        new($"SQLite store unavailable: {ex.Message}", ex);
}
