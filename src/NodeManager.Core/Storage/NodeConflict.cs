namespace NodeManager.Core.Storage;

/// <summary>A unique field (<c>id</c>, <c>name</c>, <c>ip</c> or <c>mac</c>) already held by another node.</summary>
public sealed record NodeConflict(string Field, string Value, Guid OtherNodeId);
