namespace NodeManager.Core.Nodes;

/// <summary>Allocatable resources of a node.</summary>
public sealed record NodeCapacity(long CpuMilliCores, long MemoryBytes, long StorageBytes)
{
    public static readonly NodeCapacity Empty = new(0, 0, 0);
}
