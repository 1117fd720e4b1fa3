using NodeManager.Core.Nodes;

namespace NodeManager.Core.Reservations;

/// <summary>CPU milli-cores, memory and storage bytes: a request, a limit, a sum of requests, or free room.</summary>
public sealed record ResourceAmounts(long CpuMilliCores, long MemoryBytes, long StorageBytes)
{
    public static readonly ResourceAmounts Zero = new(0, 0, 0);

    public static ResourceAmounts Of(NodeCapacity capacity) => new(capacity.CpuMilliCores, capacity.MemoryBytes, capacity.StorageBytes);

    public ResourceAmounts Plus(ResourceAmounts other) =>
        new(CpuMilliCores + other.CpuMilliCores, MemoryBytes + other.MemoryBytes, StorageBytes + other.StorageBytes);

    public ResourceAmounts Minus(ResourceAmounts other) =>
        new(CpuMilliCores - other.CpuMilliCores, MemoryBytes - other.MemoryBytes, StorageBytes - other.StorageBytes);

    /// <summary>Every amount at most the other's.</summary>
    public bool FitsWithin(ResourceAmounts room) =>
        CpuMilliCores <= room.CpuMilliCores && MemoryBytes <= room.MemoryBytes && StorageBytes <= room.StorageBytes;
}
