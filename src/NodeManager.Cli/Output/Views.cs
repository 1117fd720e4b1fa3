using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NodeManager.Cli.Commands;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Output;

/// <summary>The table form of each kind of answer.</summary>
public static class Views
{
    public static void Nodes(TextWriter writer, IEnumerable<Node> nodes)
    {
        var table = new TableWriter("NAME", "ID", "IP", "MAC", "LIFECYCLE", "HEALTH", "ZONE", "RACK", "LABELS", "VERSION");
        foreach (var n in nodes)
        {
            table.Row(n.Name, n.Id, n.Ip, n.Mac, EnumNames.Short(n.LifecycleState), n.Health is null ? "" : EnumNames.Short(n.Health.Status),
                n.Location?.Zone, n.Location?.Rack, Labels(n.Labels), n.Version.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(writer);
    }

    public static void Health(TextWriter writer, IEnumerable<NodeHealth> health)
    {
        var table = new TableWriter("NODE", "STATUS", "DECIDED-BY", "REASON", "SINCE", "LAST-HEARTBEAT", "FLAPS", "CONDITIONS");
        foreach (var h in health)
        {
            table.Row(h.NodeId, EnumNames.Short(h.Status) + (h.Expected ? " (expected)" : ""), h.DecidedBy == DecidedBy.Unspecified ? "" : EnumNames.Short(h.DecidedBy),
                h.Reason, Time(h.LastTransitionTime), Time(h.LastHeartbeatTime), h.FlapCount.ToString(CultureInfo.InvariantCulture),
                string.Join(",", h.Conditions.Where(c => c.Status).Select(c => c.Type)));
        }

        table.WriteTo(writer);
    }

    public static void ClusterConditions(TextWriter writer, IEnumerable<ClusterCondition> conditions)
    {
        var table = new TableWriter("CLUSTER-CONDITION", "STATUS", "SINCE", "MESSAGE");
        foreach (var c in conditions)
        {
            table.Row(c.Type, c.Status ? "True" : "False", Time(c.LastTransitionTime), c.Message);
        }

        if (table.Count > 0)
        {
            writer.WriteLine();
            table.WriteTo(writer);
        }
    }

    public static void Reservations(TextWriter writer, IEnumerable<Reservation> reservations)
    {
        var table = new TableWriter("NODE", "KIND", "NAME", "CPU", "CPU-LIMIT", "MEMORY", "MEMORY-LIMIT", "STORAGE", "STORAGE-LIMIT", "CREATED");
        foreach (var r in reservations)
        {
            var compute = r.Kind == ReservationKind.Compute;
            table.Row(r.NodeId, EnumNames.Short(r.Kind), r.Name,
                compute ? Quantities.FormatMilliCores(r.RequestCpuMilliCores) : "", compute ? Quantities.FormatMilliCores(r.LimitCpuMilliCores) : "",
                compute ? Quantities.FormatBytes(r.RequestMemoryBytes) : "", compute ? Quantities.FormatBytes(r.LimitMemoryBytes) : "",
                compute ? "" : Quantities.FormatBytes(r.RequestStorageBytes), compute ? "" : Quantities.FormatBytes(r.LimitStorageBytes), Time(r.CreateTime));
        }

        table.WriteTo(writer);
    }

    public static void Capacity(TextWriter writer, ListReservationsResponse response)
    {
        var table = new TableWriter("", "CPU", "MEMORY", "STORAGE");
        foreach (var (label, c) in new[] { ("capacity", response.Capacity), ("reserved", response.Reserved), ("free", response.Free) })
        {
            table.Row(label, Quantities.FormatMilliCores(c?.CpuMilliCores ?? 0), Quantities.FormatBytes(c?.MemoryBytes ?? 0), Quantities.FormatBytes(c?.StorageBytes ?? 0));
        }

        writer.WriteLine();
        table.WriteTo(writer);
    }

    public static void Operation(TextWriter writer, Operation op)
    {
        var p = op.Progress ?? new OperationProgress();
        writer.WriteLine($"operation {(op.Id.Length > 0 ? op.Id : "(dry run)")} to {EnumNames.Short(op.TargetState)}: {(op.DryRun ? "planned" : EnumNames.Short(op.State))}; "
            + $"{p.Total} nodes: {p.Applied} applied, {p.Skipped} skipped, {p.Failed} failed, {p.Pending} pending"
            + (op.Message.Length > 0 ? $" ({op.Message})" : ""));
        var table = new TableWriter("NODE", "STATE", "TIME", "DETAIL");
        foreach (var n in op.Nodes)
        {
            table.Row(n.NodeId, EnumNames.Short(n.State), Time(n.Time), n.Detail);
        }

        table.WriteTo(writer);
    }

    public static void Transition(TextWriter writer, TransitionResponse response)
    {
        var node = response.Node;
        writer.WriteLine(response.Changed && response.Transition is { } t
            ? $"node {node.Name} ({node.Id}): {EnumNames.Short(t.FromState)} → {EnumNames.Short(t.ToState)}, version {node.Version}"
                + (response.ReleasedReservations > 0 ? $", {response.ReleasedReservations} reservation(s) released" : "")
            : $"node {node.Name} ({node.Id}) already {EnumNames.Short(node.LifecycleState)}: nothing changed");
    }

    public static string Labels(IDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    public static string Time(Timestamp? time) =>
        time is null || (time.Seconds == 0 && time.Nanos == 0) ? "" : time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
