using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>
/// A replacement node (its version already bumped) and the version it replaces; <paramref name="Previous"/>,
/// the spec it replaces, names the changed fields in the node's history (none named when null).
/// </summary>
public sealed record NodeUpdate(Node Node, long ExpectedVersion, NodeSpec? Previous = null);
