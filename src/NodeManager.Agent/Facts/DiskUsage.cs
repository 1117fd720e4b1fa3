namespace NodeManager.Agent.Facts;

/// <summary>Size and free space of one filesystem (statvfs), in bytes.</summary>
public readonly record struct DiskUsage(long TotalBytes, long FreeBytes)
{
    public long UsedBytes => Math.Max(0, TotalBytes - FreeBytes);

    /// <summary>Reads the filesystem that holds <paramref name="path"/>; zeros when it cannot be read.</summary>
    public static DiskUsage Read(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return new DiskUsage(drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return default;
        }
    }
}
