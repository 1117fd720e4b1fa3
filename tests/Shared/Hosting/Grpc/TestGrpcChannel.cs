using Grpc.Net.Client;

namespace NodeManager.Testing;

/// <summary>
/// gRPC channels of tests to a loopback host (h2c): one explicit handler for every test, so a handler setting is
/// changed in one place. For test projects that reference Grpc.Net.Client:
/// <c>&lt;Compile Include="../Shared/Hosting/Grpc/*.cs" LinkBase="Shared/Hosting/Grpc" /&gt;</c>.
/// </summary>
public static class TestGrpcChannel
{
    /// <summary>A channel to <paramref name="address"/>; disposing it disposes its handler and ends its calls.</summary>
    public static GrpcChannel ForAddress(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            // More than 100 concurrent calls (the server's stream limit per connection) open another connection.
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
        },
        DisposeHttpClient = true,
    });
}
