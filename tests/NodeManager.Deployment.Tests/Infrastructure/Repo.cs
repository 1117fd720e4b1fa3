namespace NodeManager.Deployment.Tests.Infrastructure;

/// <summary>Paths in the repository this test assembly was built from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "helm", "node-manager");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "NodeManager.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"NodeManager.sln not found above {AppContext.BaseDirectory}");
    }
}
