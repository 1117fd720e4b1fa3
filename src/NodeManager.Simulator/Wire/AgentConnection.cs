using Grpc.Net.Client;
using NodeManager.Contracts.V1;

namespace NodeManager.Simulator.Wire;

/// <summary>A channel agents heartbeat over (its HTTP/2 connections) and the generated client on it, made once.</summary>
public sealed class AgentConnection(GrpcChannel channel) : IDisposable
{
    public HealthService.HealthServiceClient Health { get; } = new(channel);

    /// <summary>Disposes the channel: its calls are cancelled and its connections closed.</summary>
    public void Dispose() => channel.Dispose();
}
