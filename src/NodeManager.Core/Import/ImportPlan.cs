using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Core.Import;

/// <summary>The diff of an import file against the registry: per-row actions and the writes they need.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRowPlan> Rows, IReadOnlyList<Node> Creates, IReadOnlyList<NodeUpdate> Updates)
{
    public int Count(ImportAction action) => Rows.Count(r => r.Action == action);

    public bool HasFailures => Rows.Any(r => r.Action is ImportAction.Conflict or ImportAction.Invalid);
}
