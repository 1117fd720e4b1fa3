using NodeManager.Core.Errors;

namespace NodeManager.Core.Import;

/// <summary>What the import does with one row, and why when it cannot.</summary>
public sealed record ImportRowPlan(int Row, Guid? Id, string Name, ImportAction Action)
{
    public IReadOnlyList<FieldViolation> Violations { get; init; } = [];
    public Guid? ConflictingNodeId { get; init; }
}
