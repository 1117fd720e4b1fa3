using Grpc.Net.Client;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Hosting;

/// <summary>One NodeManager endpoint: its channel (<see cref="ServerChannel"/>) and the generated clients on it, made once.</summary>
public sealed class ServerEndpoint(Uri address, GrpcChannel channel)
{
    public Uri Address { get; } = address;

    public NodeService.NodeServiceClient Nodes { get; } = new(channel);

    public HealthService.HealthServiceClient Health { get; } = new(channel);

    internal GrpcChannel Channel { get; } = channel;

    public override string ToString() => Address.ToString();
}
