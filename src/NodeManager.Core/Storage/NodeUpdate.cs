using NodeManager.Core.Nodes;

namespace NodeManager.Core.Storage;

/// <summary>A replacement node (its version already bumped) and the version it replaces.</summary>
public sealed record NodeUpdate(Node Node, long ExpectedVersion);
