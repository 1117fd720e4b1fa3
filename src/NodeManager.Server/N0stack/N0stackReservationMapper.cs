using NodeManager.Contracts.V1;
using Budget = NodeManager.Contracts.N0stack.Budget;
using CoreKind = NodeManager.Core.Reservations.ReservationKind;
using CoreReservation = NodeManager.Core.Reservations.Reservation;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// n0stack's reservation requests → NodeManager's (<c>compute_name</c>/<c>storage_name</c> = name,
/// <c>request_bytes</c>/<c>limit_bytes</c> = storage), and a node's reservations → its
/// <c>reserved_computes</c>/<c>reserved_storages</c>. n0stack's annotations are not stored (our
/// reservations have none): they are accepted and dropped. Sizes clamp to the other side's type.
/// </summary>
public static class N0stackReservationMapper
{
    public static ReserveComputeRequest ToReserve(string nodeId, Pool.ReserveComputeRequest r) => new()
    {
        NodeId = nodeId, Name = r.ComputeName,
        RequestCpuMilliCores = r.RequestCpuMilliCore, LimitCpuMilliCores = r.LimitCpuMilliCore,
        RequestMemoryBytes = ToInt64(r.RequestMemoryBytes), LimitMemoryBytes = ToInt64(r.LimitMemoryBytes),
    };

    public static ReserveStorageRequest ToReserve(string nodeId, Pool.ReserveStorageRequest r) => new()
    {
        NodeId = nodeId, Name = r.StorageName, RequestStorageBytes = ToInt64(r.RequestBytes), LimitStorageBytes = ToInt64(r.LimitBytes),
    };

    /// <summary>Any node (empty selector), the default policy (best fit).</summary>
    public static ScheduleComputeRequest ToSchedule(Pool.ScheduleComputeRequest r) => new()
    {
        Name = r.ComputeName,
        RequestCpuMilliCores = r.RequestCpuMilliCore, LimitCpuMilliCores = r.LimitCpuMilliCore,
        RequestMemoryBytes = ToInt64(r.RequestMemoryBytes), LimitMemoryBytes = ToInt64(r.LimitMemoryBytes),
    };

    public static ScheduleStorageRequest ToSchedule(Pool.ScheduleStorageRequest r) => new()
    {
        Name = r.StorageName, RequestStorageBytes = ToInt64(r.RequestBytes), LimitStorageBytes = ToInt64(r.LimitBytes),
    };

    /// <summary>Fills <paramref name="node"/>'s reserved_computes and reserved_storages, keyed by reservation name.</summary>
    public static Pool.Node WithReservations(Pool.Node node, IEnumerable<CoreReservation> reservations)
    {
        foreach (var r in reservations)
        {
            if (r.Kind == CoreKind.Compute)
            {
                node.ReservedComputes[r.Name] = new Budget.Compute
                {
                    RequestCpuMilliCore = ToUInt32(r.Request.CpuMilliCores), LimitCpuMilliCore = ToUInt32(r.Limit.CpuMilliCores),
                    RequestMemoryBytes = ToUInt64(r.Request.MemoryBytes), LimitMemoryBytes = ToUInt64(r.Limit.MemoryBytes),
                };
            }
            else if (r.Kind == CoreKind.Storage)
            {
                node.ReservedStorages[r.Name] = new Budget.Storage
                {
                    RequestBytes = ToUInt64(r.Request.StorageBytes), LimitBytes = ToUInt64(r.Limit.StorageBytes),
                };
            }
        }

        return node;
    }

    private static long ToInt64(ulong value) => (long)Math.Min(value, long.MaxValue);

    private static uint ToUInt32(long value) => (uint)Math.Clamp(value, 0, uint.MaxValue);

    private static ulong ToUInt64(long value) => (ulong)Math.Max(value, 0);
}
