namespace NodeManager.Server.Tests.Grpc;

public static class InteropPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding NodeManager.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "tests", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeManager.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"NodeManager.sln not found above {AppContext.BaseDirectory}");
    }
}
