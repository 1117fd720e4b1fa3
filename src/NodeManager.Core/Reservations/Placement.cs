using NodeManager.Core.Nodes;

namespace NodeManager.Core.Reservations;

/// <summary>
/// Ranks candidate nodes for a request, pure. A node fits when its free room (capacity minus the
/// requests it holds) covers the request. Score = the mean, over the dimensions the request uses,
/// of the fraction of capacity left free after placing. Best fit takes the lowest score, spread the
/// highest; ties go to the lower node id, so the choice is deterministic.
/// </summary>
public static class Placement
{
    public static IReadOnlyList<Node> Rank(IEnumerable<(Node Node, ResourceAmounts Reserved)> candidates, ResourceAmounts request, PlacementPolicy policy)
    {
        var fitting = candidates
            .Select(c => (c.Node, Free: ResourceAmounts.Of(c.Node.Spec.Capacity).Minus(c.Reserved)))
            .Where(c => request.FitsWithin(c.Free))
            .Select(c => (c.Node, Score: Score(c.Node.Spec.Capacity, c.Free, request)));
        var ordered = policy == PlacementPolicy.Spread
            ? fitting.OrderByDescending(c => c.Score).ThenBy(c => c.Node.IdText, StringComparer.Ordinal)
            : fitting.OrderBy(c => c.Score).ThenBy(c => c.Node.IdText, StringComparer.Ordinal);
        return ordered.Select(c => c.Node).ToList();
    }

    private static double Score(NodeCapacity capacity, ResourceAmounts free, ResourceAmounts request)
    {
        double total = 0;
        var dimensions = 0;
        void Add(long cap, long room, long wanted)
        {
            if (wanted > 0 && cap > 0)
            {
                total += (double)(room - wanted) / cap;
                dimensions++;
            }
        }

        Add(capacity.CpuMilliCores, free.CpuMilliCores, request.CpuMilliCores);
        Add(capacity.MemoryBytes, free.MemoryBytes, request.MemoryBytes);
        Add(capacity.StorageBytes, free.StorageBytes, request.StorageBytes);
        return dimensions == 0 ? 0 : total / dimensions;
    }
}
