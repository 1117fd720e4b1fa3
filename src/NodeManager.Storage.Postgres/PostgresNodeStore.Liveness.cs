using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Health;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// Liveness across silos. Each silo flushes the heartbeat times it received; the silo that judges
/// silence (the oldest in Orleans' membership) reads the quiet ones back.
/// </summary>
public sealed partial class PostgresNodeStore
{
    private static readonly string ReadHeartbeatsSql = $"""
        SELECT h.node_id, {LastHeartbeatSql} FROM {HealthWithHeartbeatsSql}
        WHERE ($1::timestamptz IS NOT NULL AND h.status IN ({(int)HealthStatus.Ready}, {(int)HealthStatus.NotReady})
               AND ({LastHeartbeatSql} IS NULL OR {LastHeartbeatSql} <= $1))
           OR h.node_id = ANY($2)
        """;

    public bool Shared => true;

    public Task<IReadOnlyList<(Guid NodeId, DateTimeOffset? Time)>> ReadHeartbeatsAsync(
        DateTimeOffset? quietBefore, IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<(Guid, DateTimeOffset?)>>(async () =>
        {
            await using var command = _dataSource.CreateCommand(ReadHeartbeatsSql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = quietBefore });
            command.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, nodeIds.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(Guid, DateTimeOffset?)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)));
            }

            return rows;
        });
}
