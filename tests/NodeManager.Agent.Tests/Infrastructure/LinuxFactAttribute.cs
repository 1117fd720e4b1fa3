namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>A fact that needs Linux's /proc and /sys; skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux /proc and /sys";
        }
    }
}
