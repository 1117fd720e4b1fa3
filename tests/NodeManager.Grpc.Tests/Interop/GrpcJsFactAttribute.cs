namespace NodeManager.Grpc.Tests.Interop;

/// <summary>
/// A fact that needs @grpc/grpc-js: set <c>NODEMANAGER_GRPCJS_DIR</c> to a folder whose <c>node_modules</c> holds
/// <c>@grpc/grpc-js</c> and <c>@grpc/proto-loader</c> (e.g. after <c>npm install</c> there); otherwise skipped.
/// </summary>
public sealed class GrpcJsFactAttribute : FactAttribute
{
    public const string DirectoryVariable = "NODEMANAGER_GRPCJS_DIR";

    public GrpcJsFactAttribute()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js")))
        {
            Skip = $"Set {DirectoryVariable} to a folder with node_modules/@grpc/grpc-js to run grpc-js interop tests.";
        }
    }
}
