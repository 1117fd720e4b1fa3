using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodeManager.Core.Health;

namespace NodeManager.Storage.Sqlite;

/// <summary>
/// Liveness across silos, trivial here: a SQLite file has one server (the instance lock refuses a
/// second, and a cluster on SQLite is refused), so that silo always leads and its memory is the whole truth.
/// </summary>
public sealed partial class SqliteNodeStore
{
    private static readonly string ReadHeartbeatsSql = $"""
        SELECT node_id, last_heartbeat_time FROM node_health
        WHERE ($quiet IS NOT NULL AND status IN ({(int)HealthStatus.Ready}, {(int)HealthStatus.NotReady})
               AND (last_heartbeat_time IS NULL OR last_heartbeat_time <= $quiet))
           OR node_id IN (SELECT value FROM json_each($ids))
        """;

    public bool Shared => false;

    public async Task<IReadOnlyList<(Guid NodeId, DateTimeOffset? Time)>> ReadHeartbeatsAsync(
        DateTimeOffset? quietBefore, IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, ReadHeartbeatsSql, null,
                ("$quiet", quietBefore is { } quiet ? quiet.UtcTicks : DBNull.Value),
                ("$ids", JsonSerializer.Serialize(nodeIds.Select(Text))));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(Guid, DateTimeOffset?)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((Guid.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
            }

            return rows;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }
}
