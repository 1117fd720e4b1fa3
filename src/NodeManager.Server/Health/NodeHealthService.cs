using System.IO.Pipelines;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using NodeManager.Server.Grpc;
using NodeManager.Server.Nodes;
using NodeManager.Server.Security;
using NodeManager.Core.Nodes;
using HealthStatus = NodeManager.Contracts.V1.HealthStatus;

namespace NodeManager.Server.Health;

/// <summary><c>nodemanager.v1.HealthService</c>: one implementation behind gRPC and REST.</summary>
public sealed class NodeHealthService(HeartbeatIntake intake, HealthRegistry registry, NodeGrains grains, ClusterHealth cluster, IChangeFeed feed, IHostApplicationLifetime lifetime, AgentConfinement confinement)
{
    private static readonly Status ShuttingDown = new(StatusCode.Unavailable, "the server is shutting down; reconnect");

    private int _openStreams;
    private int _stoppedStreams;

    /// <summary>Heartbeat streams whose handler is running.</summary>
    public int OpenStreams => Volatile.Read(ref _openStreams);

    /// <summary>Heartbeat streams ended with UNAVAILABLE because the server is stopping.</summary>
    public int StoppedStreams => Volatile.Read(ref _stoppedStreams);

    public async Task<HeartbeatAck> ReportHeartbeat(Heartbeat heartbeat, CancellationToken cancellationToken) =>
        intake.Ack(new HeartbeatAck(), heartbeat, (await intake.AcceptAsync(heartbeat, null, stream: false, cancellationToken)).Status);

    /// <summary>
    /// One agent's stream: every heartbeat acked in order; the stream's end is reported to the evaluator.
    /// When the server stops, the stream ends with UNAVAILABLE at once, so the agent reconnects (to
    /// another instance) instead of the shutdown waiting for a stream that never ends (Grpc.AspNetCore does
    /// not end calls at shutdown by itself). Nothing allocated for one heartbeat stays referenced while the
    /// next is awaited (see <see cref="AcceptOneAsync"/>).
    /// </summary>
    public async Task StreamHeartbeats(IAsyncStreamReader<Heartbeat> requests, IServerStreamWriter<HeartbeatAck> responses, ServerCallContext context)
    {
        var stream = new HeartbeatStream { ConfinedTo = AgentConfinement.ConfinedNode(context.GetHttpContext().User) };
        var cancellationToken = context.CancellationToken;
        Interlocked.Increment(ref _openStreams);

        // At shutdown the pending read of the request stream is cancelled (one registration per stream, not a linked
        // token source), and the call ends with UNAVAILABLE. See HeartbeatStream.Stop.
        stream.Body = context.GetHttpContext().Request.BodyReader;
        using var stopping = lifetime.ApplicationStopping.UnsafeRegister(static s => ((HeartbeatStream)s!).Stop(), stream);
        try
        {
            while (!stream.Stopped)
            {
                // Wait until request bytes are there without taking them (nothing consumed, nothing examined), so
                // Grpc.AspNetCore's reader finds them buffered and completes at once. Its own pending read would keep two
                // more async frames alive per idle stream (about 340 B, 34 MB at 100,000 agents) and allocate them again
                // for every heartbeat; and a stop cancels this wait without an exception.
                ReadResult ready;
                try
                {
                    ready = await stream.Body!.ReadAsync(cancellationToken);
                }
                catch (IOException)
                {
                    break; // the agent reset the stream (Kestrel reports it before the call's token): a broken stream, not a failure
                }

                stream.Body.AdvanceTo(ready.Buffer.Start);
                if (ready.IsCanceled)
                {
                    break; // HeartbeatStream.Stop: the server is stopping
                }

                bool more;
                try
                {
                    more = await requests.MoveNext(cancellationToken);
                }
                catch (RpcException) when (stream.Stopped)
                {
                    break; // a stop that cancelled Grpc.AspNetCore's read ("Incoming message cancelled.") rather than ours
                }
                catch (IOException)
                {
                    break; // reset while Grpc.AspNetCore read the rest of a message
                }

                if (!more)
                {
                    break;
                }

                await AcceptOneAsync(stream, requests.Current, responses, cancellationToken);
            }

            if (stream.Stopped)
            {
                context.Status = ShuttingDown;
                Interlocked.Increment(ref _stoppedStreams);
            }
        }
        catch (Exception ex) when (GrpcErrors.IsDomainError(ex))
        {
            // Mapped here rather than by the interceptor: an interceptor on this service would keep three more async
            // frames alive per open stream (about 0.5 KB together, 50 MB at 100,000 agents; see GrpcHosting).
            throw GrpcErrors.ToRpcException(context, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _openStreams);
            if (stream.Entry is not null)
            {
                await intake.StreamClosedAsync(stream.Entry, stream.Goodbye);
            }
        }
    }

    /// <summary>One heartbeat of a stream: accepted, then acked with the stream's reused ack message.</summary>
    private async ValueTask AcceptOneAsync(HeartbeatStream stream, Heartbeat heartbeat, IServerStreamWriter<HeartbeatAck> responses, CancellationToken cancellationToken)
    {
        // An agent's stream carries its own node's heartbeats only: a comparison of two Guids, no allocation.
        if (stream.ConfinedTo is { } own && !(NodeId.TryParse(heartbeat.NodeId, out var id) && id == own))
        {
            throw confinement.Denied(own, heartbeat.NodeId, "node_id");
        }

        var (status, accepted) = await intake.AcceptAsync(heartbeat, stream.Entry, stream: true, cancellationToken);
        if (stream.Entry is null)
        {
            stream.Entry = accepted;
            lock (accepted.Gate)
            {
                accepted.OpenStreams++;
            }
        }
        else if (!ReferenceEquals(stream.Entry, accepted))
        {
            throw NodeManagerException.Invalid("node_id", "one stream carries the heartbeats of one node");
        }

        stream.Goodbye |= heartbeat.Goodbye;
        await responses.WriteAsync(intake.Ack(stream.Ack, heartbeat, status));
    }

    /// <summary>What a heartbeat stream keeps between heartbeats.</summary>
    private sealed class HeartbeatStream
    {
        private volatile bool _stopped;

        public NodeHealthEntry? Entry { get; set; }

        /// <summary>The node of an agent caller (<see cref="AgentConfinement"/>); null for operators and the open server.</summary>
        public Guid? ConfinedTo { get; init; }

        /// <summary>The request body; its pending read is cancelled when the server stops.</summary>
        public PipeReader? Body { get; set; }

        public bool Stopped => _stopped;

        /// <summary>
        /// Server stopping: the pending read returns cancelled (or the next one does, when none is pending). Usually
        /// that is the stream's own wait for bytes; when it is Grpc.AspNetCore's read, <c>MoveNext</c> throws and
        /// <see cref="Stopped"/> tells that apart from a broken stream.
        /// </summary>
        public void Stop()
        {
            _stopped = true;
            try
            {
                Body?.CancelPendingRead();
            }
            catch (Exception)
            {
                // The client reset the stream just before (Kestrel throws "The client reset the request stream"): the call
                // is ending anyway. Thrown from here it would fail the ApplicationStopping callbacks of every other stream.
            }
        }

        public bool Goodbye { get; set; }

        public HeartbeatAck Ack { get; } = new();
    }

    public async Task<NodeHealth> GetNodeHealth(GetNodeHealthRequest request, CancellationToken cancellationToken)
    {
        var id = NodeServiceImpl.ParseId(request.NodeId, "node_id");
        try
        {
            var health = await grains.GetHealthAsync(id) ?? throw NodeManagerException.NotFound(request.NodeId);
            return HealthMapper.ToProto(health);
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.Unavailable && registry.Find(id) is { } entry)
        {
            // The grain's silo just died and the cluster has not declared it dead yet: this silo's table answers, with
            // every transition (they come through the change feed) and the heartbeat times this silo knows.
            return HealthMapper.ToProto(Snapshot(entry));
        }
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
