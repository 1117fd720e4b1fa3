using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>An id-ordered page request with exact-match filters (empty/null = any).</summary>
public sealed record NodeQuery(Guid? After, int Limit)
{
    public string? Name { get; init; }
    public string? Ip { get; init; }
    public string? Mac { get; init; }
    public LifecycleState? LifecycleState { get; init; }
}
