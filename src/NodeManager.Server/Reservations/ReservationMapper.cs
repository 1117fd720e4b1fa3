using Google.Protobuf.WellKnownTypes;
using NodeManager.Core.Reservations;
using Proto = NodeManager.Contracts.V1;

namespace NodeManager.Server.Reservations;

/// <summary>Reservations on the wire.</summary>
public static class ReservationMapper
{
    public static Proto.Reservation ToProto(Reservation r) => new()
    {
        NodeId = r.NodeId.ToString("D"),
        Kind = (Proto.ReservationKind)(int)r.Kind,
        Name = r.Name,
        RequestCpuMilliCores = r.Request.CpuMilliCores,
        LimitCpuMilliCores = r.Limit.CpuMilliCores,
        RequestMemoryBytes = r.Request.MemoryBytes,
        LimitMemoryBytes = r.Limit.MemoryBytes,
        RequestStorageBytes = r.Request.StorageBytes,
        LimitStorageBytes = r.Limit.StorageBytes,
        CreateTime = Timestamp.FromDateTimeOffset(r.CreateTime),
    };

    public static Proto.Capacity ToCapacity(ResourceAmounts a) =>
        new() { CpuMilliCores = a.CpuMilliCores, MemoryBytes = a.MemoryBytes, StorageBytes = a.StorageBytes };
}
