namespace NodeManager.Grpc.Tests.Interop;

/// <summary>
/// A fact that needs @grpc/grpc-js: set <c>NODEMANAGER_GRPCJS_DIR</c> to a folder whose <c>node_modules</c> holds
/// <c>@grpc/grpc-js</c> and <c>@grpc/proto-loader</c> (eng/test.sh uses tests/interop after <c>npm ci</c>); otherwise
/// skipped on a laptop, and run (so failing) when <c>CI=true</c>.
/// </summary>
public sealed class GrpcJsFactAttribute : FactAttribute
{
    public const string DirectoryVariable = "NODEMANAGER_GRPCJS_DIR";

    public GrpcJsFactAttribute()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var available = !string.IsNullOrEmpty(directory) && Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js"));
        if (!ci && !available)
        {
            Skip = $"Set {DirectoryVariable} to a folder with node_modules/@grpc/grpc-js to run grpc-js interop tests.";
        }
    }
}
