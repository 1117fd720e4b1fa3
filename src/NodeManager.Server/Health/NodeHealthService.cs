using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;
using NodeManager.Grpc;
using NodeManager.Server.Api;
using NodeManager.Server.Nodes;
using HealthStatus = NodeManager.Contracts.V1.HealthStatus;

namespace NodeManager.Server.Health;

/// <summary><c>nodemanager.v1.HealthService</c>: one implementation behind gRPC and REST.</summary>
public sealed class NodeHealthService(HeartbeatIntake intake, HealthRegistry registry, ClusterHealth cluster, IChangeFeed feed, IHostApplicationLifetime lifetime)
{
    public async Task<HeartbeatAck> ReportHeartbeat(Heartbeat heartbeat, CancellationToken cancellationToken) =>
        (await intake.AcceptAsync(heartbeat, cancellationToken)).Ack;

    /// <summary>
    /// One agent's stream: every heartbeat acked in order; the stream's end is reported to the evaluator.
    /// When the server stops, the stream ends with UNAVAILABLE at once, so the agent reconnects (to
    /// another instance) instead of the shutdown waiting for a stream that never ends.
    /// </summary>
    public async Task StreamHeartbeats(IAsyncStreamReader<Heartbeat> requests, IServerStreamWriter<HeartbeatAck> responses, CancellationToken callCancelled)
    {
        NodeHealthEntry? entry = null;
        var goodbye = false;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var heartbeat = requests.Current;
                var (ack, accepted) = await intake.AcceptAsync(heartbeat, cancellationToken);
                if (entry is null)
                {
                    entry = accepted;
                    lock (entry.Gate)
                    {
                        entry.OpenStreams++;
                    }
                }
                else if (!ReferenceEquals(entry, accepted))
                {
                    throw NodeManagerException.Invalid("node_id", "one stream carries the heartbeats of one node");
                }

                goodbye |= heartbeat.Goodbye;
                await responses.WriteAsync(ack);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !callCancelled.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down; reconnect"));
        }
        finally
        {
            if (entry is not null)
            {
                await intake.StreamClosedAsync(entry, goodbye);
            }
        }
    }

    public async Task<NodeHealth> GetNodeHealth(GetNodeHealthRequest request, CancellationToken cancellationToken)
    {
        var id = NodeServiceImpl.ParseId(request.NodeId, "node_id");
        var entry = await registry.FindOrLoadAsync(id, cancellationToken) ?? throw NodeManagerException.NotFound(request.NodeId);
        return HealthMapper.ToProto(Snapshot(entry));
    }

    public NodeHealth? Find(Guid id) => registry.Find(id) is { } entry ? HealthMapper.ToProto(Snapshot(entry)) : null;

    public async Task<ListNodeHealthResponse> ListNodeHealth(ListNodeHealthRequest request, CancellationToken cancellationToken)
    {
        var revision = (await feed.GetRevisionRangeAsync(cancellationToken)).Head;
        var pageSize = Paging.Resolve(request.PageSize);
        var after = PageToken.Decode(request.PageToken)?.ToString("D");
        var status = request.Status == HealthStatus.Unspecified ? (Core.Health.HealthStatus?)null : (Core.Health.HealthStatus)(int)request.Status;
        var page = registry.Entries
            .Where(e => after is null || string.CompareOrdinal(e.NodeId.ToString("D"), after) > 0)
            .Select(Snapshot)
            .Where(s => status is null || s.Status == status)
            .OrderBy(s => s.NodeId.ToString("D"), StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var response = new ListNodeHealthResponse { Revision = revision };
        response.Health.AddRange(page.Take(pageSize).Select(HealthMapper.ToProto));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(page[pageSize - 1].NodeId);
        }

        var guard = cluster.Guard;
        response.ClusterConditions.Add(new ClusterCondition
        {
            Type = Core.Health.DisruptionGuard.ConditionType,
            Status = guard.Active,
            Message = guard.Message,
            LastTransitionTime = guard.Since == DateTimeOffset.MinValue ? null : Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(guard.Since),
        });
        return response;
    }

    private static Core.Health.NodeHealthState Snapshot(NodeHealthEntry entry)
    {
        lock (entry.Gate)
        {
            return entry.Snapshot();
        }
    }
}
