using Npgsql;
using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Storage.Postgres;

public sealed partial class PostgresNodeStore
{
    private const string HoldersSql = """
        SELECT id, name, ip, mac FROM nodes
        WHERE id = ANY($1) OR name = ANY($2) OR ip = ANY($3) OR mac = ANY($4)
        """;

    /// <summary>
    /// After a batch hit a unique constraint (and was rolled back): which value clashed and which
    /// node holds it, either an earlier node of the same batch or a node in the table.
    /// </summary>
    private static async Task<NodeConflict?> ExplainBatchConflictAsync(
        NpgsqlConnection connection, IReadOnlyList<Node> creates, IReadOnlyList<NodeUpdate> updates, CancellationToken cancellationToken)
    {
        var batch = new Dictionary<(string Field, string Value), Guid>();
        var createIds = new HashSet<Guid>();
        var updateIds = new HashSet<Guid>();
        foreach (var (node, isCreate) in creates.Select(n => (n, true)).Concat(updates.Select(u => (u.Node, false))))
        {
            if (isCreate ? !createIds.Add(node.Id) : createIds.Contains(node.Id) || !updateIds.Add(node.Id))
            {
                return new NodeConflict("id", node.IdText, node.Id);
            }

            foreach (var key in Keys(node.Spec))
            {
                if (!batch.TryAdd(key, node.Id))
                {
                    return new NodeConflict(key.Field, key.Value, batch[key]);
                }
            }
        }

        await using var command = Command(connection, null, HoldersSql,
            createIds.ToArray(),
            batch.Where(k => k.Key.Field == "name").Select(k => k.Key.Value).ToArray(),
            batch.Where(k => k.Key.Field == "ip").Select(k => k.Key.Value).ToArray(),
            batch.Where(k => k.Key.Field == "mac").Select(k => k.Key.Value).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var holder = reader.GetGuid(0);
            if (createIds.Contains(holder))
            {
                return new NodeConflict("id", holder.ToString("D"), holder);
            }

            if (updateIds.Contains(holder))
            {
                continue; // its values are being replaced by the batch
            }

            var held = new NodeSpec { Name = reader.GetString(1), Ip = reader.GetString(2), Mac = reader.IsDBNull(3) ? "" : reader.GetString(3) };
            foreach (var key in Keys(held))
            {
                if (batch.ContainsKey(key))
                {
                    return new NodeConflict(key.Field, key.Value, holder);
                }
            }
        }

        return null;
    }

    private static IEnumerable<(string Field, string Value)> Keys(NodeSpec spec)
    {
        yield return ("name", spec.Name);
        yield return ("ip", spec.Ip);
        if (spec.Mac.Length > 0)
        {
            yield return ("mac", spec.Mac);
        }
    }
}
