using Npgsql;
using NodeManager.Testing;

namespace NodeManager.Storage.Tests.Postgres;

/// <summary>A fresh database for one test class, dropped afterwards.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString
        ?? throw new InvalidOperationException(PostgresTestEnvironment.NotConfiguredMessage);

    public async Task InitializeAsync()
    {
        if (PostgresTestEnvironment.SkipReason is null)
        {
            _database = await PostgresTestDatabase.CreateAsync().WaitAsync(TestTimeout.Default);
        }
    }

    /// <summary>Drops every table (the whole schema, so a new migration's tables too): the next store starts from an empty database.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync().AsTask().WaitAsync(TestTimeout.Default);
        }
    }
}
