using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>Finds which unique field of a candidate node another node already holds.</summary>
public static class UniqueKeys
{
    /// <summary>
    /// Given rows (id, name, ip, mac) of nodes that share at least one unique value with
    /// <paramref name="candidate"/>, names the first clash in the order id, name, ip, mac.
    /// </summary>
    public static NodeConflict? FindConflict(Guid candidateId, NodeSpec candidate, IEnumerable<(Guid Id, string Name, string Ip, string? Mac)> others, bool checkId)
    {
        NodeConflict? found = null;
        foreach (var other in others)
        {
            NodeConflict? clash =
                checkId && other.Id == candidateId ? new("id", candidateId.ToString("D"), other.Id)
                : other.Id == candidateId ? null
                : other.Name == candidate.Name ? new("name", candidate.Name, other.Id)
                : other.Ip == candidate.Ip ? new("ip", candidate.Ip, other.Id)
                : candidate.Mac.Length > 0 && other.Mac == candidate.Mac ? new("mac", candidate.Mac, other.Id)
                : null;
            if (clash is not null && (found is null || Rank(clash.Field) < Rank(found.Field)))
            {
                found = clash;
            }
        }

        return found;
    }

    private static int Rank(string field) => field switch { "id" => 0, "name" => 1, "ip" => 2, _ => 3 };
}
