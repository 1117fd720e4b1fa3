using Npgsql;

namespace NodeManager.Storage.Postgres;

/// <summary>Options of the shared store (<c>ConnectionStrings:NodeManager</c>).</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string such as <c>Host=db;Database=nodemanager;Username=nm;Password=...</c>.
    /// No default: required when <c>NodeManager:Storage:Provider</c> is <c>Postgres</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Every problem with these options at once, each saying how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("ConnectionStrings:NodeManager is empty: set it to a PostgreSQL connection string such as 'Host=db;Database=nodemanager;Username=nm;Password=...'.");
            return problems;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problems.Add("ConnectionStrings:NodeManager names no Host: add 'Host=<server>'.");
            }
        }
        catch (ArgumentException ex)
        {
            problems.Add($"ConnectionStrings:NodeManager is not a valid Npgsql connection string: {ex.Message}");
        }

        return problems;
    }
}
