using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Changes;
using NodeManager.Core.History;

namespace NodeManager.Storage.Postgres;

/// <summary>Per-node history: written with each change event (<see cref="AppendEventsAsync"/>), read by node, pruned by age.</summary>
public sealed partial class PostgresNodeStore : INodeHistory
{
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<HistoryEntry>>(async () =>
        {
            await using var command = _dataSource.CreateCommand();
            var where = new List<string> { "node_id = $1" };
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = query.NodeId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.Limit });
            void Add(string condition, NpgsqlParameter parameter)
            {
                command.Parameters.Add(parameter);
                where.Add(condition.Replace("$?", $"${command.Parameters.Count}", StringComparison.Ordinal));
            }

            if (query.Since is { } since)
            {
                Add("time >= $?", new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = Stored(since) });
            }

            if (query.Until is { } until)
            {
                Add("time < $?", new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = Stored(until) });
            }

            if (query.Kinds.Count > 0)
            {
                Add("kind = ANY($?)", ArrayOf(NpgsqlDbType.Smallint, query.Kinds.Select(k => (short)k).ToArray()));
            }

            if (query.AfterRevision is { } after)
            {
                Add(query.Ascending ? "revision > $?" : "revision < $?", new NpgsqlParameter<long> { TypedValue = after });
            }

            command.CommandText = $"""
                SELECT revision, time, kind, actor, detail FROM node_history
                WHERE {string.Join(" AND ", where)}
                ORDER BY revision {(query.Ascending ? "ASC" : "DESC")} LIMIT $2
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<HistoryEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new HistoryEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), (ChangeKind)reader.GetInt16(2),
                    query.NodeId, reader.GetString(3), HistoryJson.Deserialize(reader.GetString(4))));
            }

            return entries;
        });

    public Task<bool> HasHistoryAsync(Guid nodeId, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM node_history WHERE node_id = $1)");
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = nodeId });
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        });

    /// <summary>One batch, the oldest entries first; several silos pruning at once only delete the same rows.</summary>
    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand("""
                DELETE FROM node_history WHERE (node_id, revision) IN
                    (SELECT node_id, revision FROM node_history WHERE time < $1 ORDER BY time LIMIT $2)
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = Stored(olderThan) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(batchSize, 1) });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
}
