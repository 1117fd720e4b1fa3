using System.Reflection;

namespace NodeManager.Cli.Tests.Infrastructure;

/// <summary>The built nmctl.dll in its own output folder (the test project records where), for running it as a process.</summary>
public static class NmctlBinary
{
    public static string Path()
    {
        var path = typeof(NmctlBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NmctlPath").Value!;
        Assert.True(File.Exists(path), $"nmctl is not built at {path}");
        return System.IO.Path.GetFullPath(path);
    }
}
