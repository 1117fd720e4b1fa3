using Npgsql;
using NpgsqlTypes;
using NodeManager.Core.Changes;
using NodeManager.Core.History;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

public sealed partial class PostgresNodeStore
{
    private const int ParallelJsonThreshold = 1_000;

    private const string CopyCreatesSql =
        "COPY nodes (id, name, ip, mac, lifecycle_state, version, create_time, update_time, spec) FROM STDIN (FORMAT BINARY)";

    private const string CreateBatchTableSql = """
        CREATE TEMP TABLE nodes_batch (
            id uuid NOT NULL, name text NOT NULL, ip text NOT NULL, mac text, lifecycle_state smallint NOT NULL,
            version bigint NOT NULL, update_time timestamptz NOT NULL, spec jsonb NOT NULL, expected bigint NOT NULL
        ) ON COMMIT DROP
        """;

    private const string CopyUpdatesSql =
        "COPY nodes_batch (id, name, ip, mac, lifecycle_state, version, update_time, spec, expected) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// One statement applies every update whose version still matches. The outer select sees the
    /// table as it was before the update, so when rows were skipped it can say which version one
    /// of them had (evaluated only then).
    /// </summary>
    private const string ApplyUpdatesSql = """
        WITH changed AS (
            UPDATE nodes n SET name = b.name, ip = b.ip, mac = b.mac, lifecycle_state = b.lifecycle_state,
                version = b.version, update_time = b.update_time, spec = b.spec
            FROM nodes_batch b
            WHERE n.id = b.id AND n.version = b.expected
            RETURNING n.id)
        SELECT c.count, CASE WHEN c.count <> $1 THEN
            (SELECT coalesce(n.version, 0) FROM nodes_batch b LEFT JOIN nodes n ON n.id = b.id
             WHERE n.version IS DISTINCT FROM b.expected LIMIT 1) END
        FROM (SELECT count(*) AS count FROM changed) c
        """;

    /// <summary>
    /// Creates stream in by COPY, updates through a staging table; the events (one per node, their
    /// payloads serialized alongside the specs) are appended last, in one statement, under the events lock.
    /// </summary>
    public Task<WriteResult> ApplyBatchAsync(IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, tx) =>
            {
                var events = new List<EventRow>(creates.Count + updates.Count);
                if (creates.Count > 0)
                {
                    await using var importer = await connection.BeginBinaryImportAsync(CopyCreatesSql, cancellationToken);
                    foreach (var (_, node, json, payload, detail) in WithJson(creates, n => n, _ => null, cancellationToken))
                    {
                        await WriteKeysAsync(importer, node, cancellationToken);
                        await importer.WriteAsync(node.CreateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                        await importer.WriteAsync(node.UpdateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                        await importer.WriteAsync(json, NpgsqlDbType.Jsonb, cancellationToken);
                        events.Add(new EventRow(ChangeKind.NodeCreated, node.Id, payload, actor, detail));
                    }

                    await importer.CompleteAsync(cancellationToken);
                }

                if (updates.Count > 0 && await ApplyUpdatesAsync(connection, tx, updates, actor, events, cancellationToken) is { Outcome: not WriteOutcome.Ok } failed)
                {
                    return failed;
                }

                await AppendEventsAsync(connection, tx, events, cancellationToken);
                return WriteResult.Ok(null);
            },
            (connection, violation) => ExplainBatchConflictAsync(connection, creates, updates, cancellationToken),
            cancellationToken);

    private static async Task<WriteResult> ApplyUpdatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<NodeUpdate> updates, string actor, List<EventRow> events, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, tx, CreateBatchTableSql, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(CopyUpdatesSql, cancellationToken))
        {
            foreach (var (update, node, json, payload, detail) in WithJson(updates, u => u.Node, u => u, cancellationToken))
            {
                await WriteKeysAsync(importer, node, cancellationToken);
                await importer.WriteAsync(node.UpdateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(json, NpgsqlDbType.Jsonb, cancellationToken);
                await importer.WriteAsync(update.ExpectedVersion, NpgsqlDbType.Bigint, cancellationToken);
                events.Add(new EventRow(ChangeKind.NodeUpdated, node.Id, payload, actor, detail));
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var apply = Command(connection, tx, ApplyUpdatesSql, (long)updates.Count);
        await using var reader = await apply.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == updates.Count
            ? WriteResult.Ok(null)
            : WriteResult.Mismatch(reader.IsDBNull(1) ? updates[0].ExpectedVersion : reader.GetInt64(1));
    }

    /// <summary>
    /// The items in order, each with its node as it will be stored (times truncated to microseconds),
    /// that node's spec as JSON, its change-event payload and its history detail (an update's when
    /// <paramref name="update"/> gives one), serialized on other cores while the caller streams earlier
    /// rows to the server (serialization costs about as much as the COPY itself).
    /// </summary>
    private static IEnumerable<(T Item, Node Node, string Json, string Payload, string Detail)> WithJson<T>(
        IReadOnlyList<T> items, Func<T, Node> node, Func<T, NodeUpdate?> update, CancellationToken cancellationToken)
    {
        (T, Node, string, string, string) Serialize(T item, Node node)
        {
            var stored = node with { CreateTime = Stored(node.CreateTime), UpdateTime = Stored(node.UpdateTime) };
            var detail = update(item) is { } u ? HistoryDetails.Updated(u.Previous, stored.Spec) : HistoryDetails.Named(stored);
            return (item, stored, NodeSpecJson.Serialize(stored.Spec), ChangeEventJson.Serialize(stored), HistoryJson.Serialize(detail));
        }

        return items.Count < ParallelJsonThreshold
            ? items.Select(item => Serialize(item, node(item)))
            : items.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(item => Serialize(item, node(item)));
    }

    /// <summary>Starts a row and writes the leading columns creates and updates share: id to version.</summary>
    private static async Task WriteKeysAsync(NpgsqlBinaryImporter importer, Node node, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(node.Id, NpgsqlDbType.Uuid, cancellationToken);
        await importer.WriteAsync(node.Spec.Name, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(node.Spec.Ip, NpgsqlDbType.Text, cancellationToken);
        if (node.Spec.Mac.Length == 0)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(node.Spec.Mac, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.WriteAsync((short)node.LifecycleState, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(node.Version, NpgsqlDbType.Bigint, cancellationToken);
    }
}
