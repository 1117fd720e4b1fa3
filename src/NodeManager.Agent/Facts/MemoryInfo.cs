namespace NodeManager.Agent.Facts;

/// <summary><c>MemTotal</c> and <c>MemAvailable</c> of <c>/proc/meminfo</c>, in bytes.</summary>
public readonly record struct MemoryInfo(long TotalBytes, long AvailableBytes)
{
    public long UsedBytes => Math.Max(0, TotalBytes - AvailableBytes);
}
