namespace NodeManager.Agent.Conditions;

/// <summary>When the agent reports pressure (<c>NodeManagerAgent:Thresholds:*</c>), in percent of the total.</summary>
public sealed class ConditionThresholds
{
    /// <summary>MemAvailable below this → MemoryPressure WARNING. Default 20.</summary>
    public double MemoryWarningPercent { get; set; } = 20;

    /// <summary>MemAvailable below this → MemoryPressure CRITICAL (the node goes NOT_READY). Default 10.</summary>
    public double MemoryCriticalPercent { get; set; } = 10;

    /// <summary>Root filesystem free below this → DiskPressure WARNING. Default 10.</summary>
    public double DiskWarningPercent { get; set; } = 10;

    /// <summary>Root filesystem free below this → DiskPressure CRITICAL. Default 5.</summary>
    public double DiskCriticalPercent { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(MemoryWarningPercent), MemoryWarningPercent), (nameof(MemoryCriticalPercent), MemoryCriticalPercent),
            (nameof(DiskWarningPercent), DiskWarningPercent), (nameof(DiskCriticalPercent), DiskCriticalPercent),
        })
        {
            if (double.IsNaN(value) || value < 0 || value > 100)
            {
                yield return $"NodeManagerAgent:Thresholds:{name} is {value}; give a percentage from 0 to 100.";
            }
        }

        if (MemoryCriticalPercent > MemoryWarningPercent)
        {
            yield return $"NodeManagerAgent:Thresholds:MemoryCriticalPercent ({MemoryCriticalPercent}) is above MemoryWarningPercent ({MemoryWarningPercent}); critical must be the lower one.";
        }

        if (DiskCriticalPercent > DiskWarningPercent)
        {
            yield return $"NodeManagerAgent:Thresholds:DiskCriticalPercent ({DiskCriticalPercent}) is above DiskWarningPercent ({DiskWarningPercent}); critical must be the lower one.";
        }
    }
}
