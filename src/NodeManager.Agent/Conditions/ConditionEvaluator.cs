using System.Globalization;
using NodeManager.Agent.Facts;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Conditions;

/// <summary>
/// Turns readings into the conditions a heartbeat carries. Only conditions that hold are reported:
/// a heartbeat carries the full set, so an absent condition is cleared on the server (and a healthy
/// node's heartbeat stays on the server's cheap path).
/// </summary>
public static class ConditionEvaluator
{
    public const string MemoryPressure = "MemoryPressure";
    public const string DiskPressure = "DiskPressure";
    public const string NicLinkDown = "NicLinkDown";

    public static List<ReportedCondition> Evaluate(MemoryInfo memory, DiskUsage disk, NetworkInterfaceFacts? primary, ConditionThresholds thresholds)
    {
        var conditions = new List<ReportedCondition>(3);
        if (memory.TotalBytes > 0)
        {
            var free = 100.0 * memory.AvailableBytes / memory.TotalBytes;
            if (Severity(free, thresholds.MemoryCriticalPercent, thresholds.MemoryWarningPercent) is { } severity)
            {
                conditions.Add(Condition(MemoryPressure, severity, "LowMemory",
                    $"{Percent(free)}% of memory available ({memory.AvailableBytes} of {memory.TotalBytes} bytes)"));
            }
        }

        if (disk.TotalBytes > 0)
        {
            var free = 100.0 * disk.FreeBytes / disk.TotalBytes;
            if (Severity(free, thresholds.DiskCriticalPercent, thresholds.DiskWarningPercent) is { } severity)
            {
                conditions.Add(Condition(DiskPressure, severity, "LowDiskSpace",
                    $"{Percent(free)}% of the root filesystem free ({disk.FreeBytes} of {disk.TotalBytes} bytes)"));
            }
        }

        if (primary is { IsUp: false })
        {
            conditions.Add(Condition(NicLinkDown, ConditionSeverity.Critical, "LinkDown",
                $"{primary.Name}: operstate {primary.OperState}, carrier {(primary.Carrier is { } c ? (c ? "1" : "0") : "unreadable")}"));
        }

        return conditions;
    }

    private static ConditionSeverity? Severity(double freePercent, double critical, double warning) =>
        freePercent < critical ? ConditionSeverity.Critical
        : freePercent < warning ? ConditionSeverity.Warning
        : null;

    private static ReportedCondition Condition(string type, ConditionSeverity severity, string reason, string message) =>
        new() { Type = type, Status = true, Severity = severity, Reason = reason, Message = message };

    private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
