namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>One shared server for the functional tests.</summary>
[CollectionDefinition(Name)]
public sealed class GrpcServerCollection : ICollectionFixture<GrpcTestServer>
{
    public const string Name = "grpc-server";
}
