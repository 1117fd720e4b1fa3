namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>A test server that gzip-compresses responses and returns exception details.</summary>
public sealed class CompressingGrpcTestServer : GrpcTestServer
{
    protected override void ConfigureOptions(GrpcServerOptions options)
    {
        options.ResponseCompressionAlgorithm = "gzip";
        options.EnableDetailedErrors = true;
    }
}
