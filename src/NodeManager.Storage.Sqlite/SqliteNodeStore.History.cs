using Microsoft.Data.Sqlite;
using NodeManager.Core.Changes;
using NodeManager.Core.History;

namespace NodeManager.Storage.Sqlite;

/// <summary>Per-node history: written with each change event (<see cref="EventWriter"/>), read by node, pruned by age.</summary>
public sealed partial class SqliteNodeStore : INodeHistory
{
    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string> { "node_id = $node" };
        var parameters = new List<(string, object)> { ("$node", Text(query.NodeId)), ("$limit", query.Limit) };
        if (query.Since is { } since)
        {
            where.Add("time >= $since");
            parameters.Add(("$since", since.UtcTicks));
        }

        if (query.Until is { } until)
        {
            where.Add("time < $until");
            parameters.Add(("$until", until.UtcTicks));
        }

        if (query.Kinds.Count > 0)
        {
            where.Add($"kind IN ({string.Join(',', query.Kinds.Select(k => (int)k))})");
        }

        if (query.AfterRevision is { } after)
        {
            where.Add(query.Ascending ? "revision > $after" : "revision < $after");
            parameters.Add(("$after", after));
        }

        var sql = $"""
            SELECT revision, time, kind, actor, detail FROM node_history
            WHERE {string.Join(" AND ", where)}
            ORDER BY revision {(query.Ascending ? "ASC" : "DESC")} LIMIT $limit
            """;
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, sql, null, [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<HistoryEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new HistoryEntry(reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), (ChangeKind)reader.GetInt32(2),
                    query.NodeId, reader.GetString(3), HistoryJson.Deserialize(reader.GetString(4))));
            }

            return entries;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    public async Task<bool> HasHistoryAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM node_history WHERE node_id = $node)", null, ("$node", Text(nodeId)));
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) != 0;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            throw SqliteErrors.Unavailable(ex);
        }
    }

    /// <summary>One batch on the writer: the oldest entries first, so writes wait for one short transaction at most.</summary>
    public async Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await WriteAsync((connection, tx) =>
        {
            using var delete = Command(connection, """
                DELETE FROM node_history WHERE (node_id, revision) IN
                    (SELECT node_id, revision FROM node_history WHERE time < $older ORDER BY time LIMIT $batch)
                """, tx, ("$older", olderThan.UtcTicks), ("$batch", Math.Max(batchSize, 1)));
            deleted = delete.ExecuteNonQuery();
            return Task.FromResult(Core.Storage.WriteResult.Ok(null));
        }, cancellationToken);
        return deleted;
    }
}
