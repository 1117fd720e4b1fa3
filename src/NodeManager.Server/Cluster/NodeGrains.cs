using NodeManager.Abstractions.Nodes;
using NodeManager.Core.Errors;
using NodeManager.Core.Health;
using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using Orleans;
using Orleans.Runtime;
using ErrorCode = NodeManager.Core.Errors.ErrorCode;

namespace NodeManager.Server.Cluster;

/// <summary>
/// The gateway's way to the NodeGrains: one call per node, the result unwrapped, and a grain that
/// cannot be reached (its silo died mid-call, the call timed out) reported as UNAVAILABLE, never hung.
/// Errors of the store behind the grain (<see cref="StoreUnavailableException"/>) pass through as they are.
/// </summary>
public sealed class NodeGrains(IGrainFactory grains)
{
    /// <summary>How many grains a batch read or refresh calls at once.</summary>
    private const int Parallelism = 64;

    public async Task<NodeSnapshot?> GetAsync(Guid id) => (await Call(id, g => g.GetAsync().AsTask())).Value;

    /// <summary>The snapshots of the nodes that exist among <paramref name="ids"/>, by id.</summary>
    public async Task<IReadOnlyDictionary<Guid, NodeSnapshot>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<Guid, NodeSnapshot>();
        await Parallel.ForEachAsync(ids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                if (await GetAsync(id) is { } snapshot)
                {
                    found[id] = snapshot;
                }
            });
        return found;
    }

    public async Task<WriteResult> CreateAsync(Node node, string actor) => (await Call(node.Id, g => g.CreateAsync(node, actor))).Value;

    public async Task<WriteResult> UpdateAsync(Guid id, NodeSpec spec, long expectedVersion, DateTimeOffset now, string actor) =>
        (await Call(id, g => g.UpdateAsync(spec, expectedVersion, now, actor))).Value;

    public async Task<WriteResult> DeleteAsync(Guid id, long expectedVersion, string actor) => (await Call(id, g => g.DeleteAsync(expectedVersion, actor))).Value;

    public async Task<TransitionResult> TransitionAsync(LifecycleChange change) => (await Call(change.NodeId, g => g.TransitionAsync(change))).Value;

    public async Task<ReservationResult> ReserveAsync(Reservation reservation, bool requireCommissioned, string actor) =>
        (await Call(reservation.NodeId, g => g.ReserveAsync(reservation, requireCommissioned, actor))).Value;

    public async Task<ReservationResult> ReleaseAsync(Guid nodeId, ReservationKind kind, string name, string actor) =>
        (await Call(nodeId, g => g.ReleaseAsync(kind, name, actor))).Value;

    /// <summary>
    /// How long the gateway waits for a grain on a heartbeat's or a health read's path before it answers from its own
    /// silo's table: a grain whose silo just died answers only once the cluster has declared that silo dead (seconds
    /// to tens of seconds), and an agent must not wait that long for its ack. The call itself goes on.
    /// </summary>
    public static readonly TimeSpan HealthPathWait = TimeSpan.FromSeconds(3);

    public Task<HeartbeatVerdict> HeartbeatAsync(Guid id, HeartbeatReport report) => Call(id, g => g.HeartbeatAsync(report).WaitAsync(HealthPathWait));

    public Task GoodbyeAsync(Guid id, DateTimeOffset at) => Call(id, async g => { await g.GoodbyeAsync(at).WaitAsync(HealthPathWait); return true; });

    public Task JudgeAsync(Guid id, SweepContext context, DateTimeOffset? streamBrokeAt) =>
        Call(id, async g => { await g.JudgeAsync(context.InStartupGrace, context.GuardActive, streamBrokeAt); return true; });

    public Task ProbeResultAsync(Guid id, bool ok, string detail, DecidedBy trigger) =>
        Call(id, async g => { await g.ProbeResultAsync(ok, detail, (int)trigger); return true; });

    public async Task<NodeHealthState?> GetHealthAsync(Guid id) => (await Call(id, g => g.GetHealthAsync().AsTask().WaitAsync(HealthPathWait))).Value;

    /// <summary>Tells the grains of <paramref name="ids"/> to read their node again (after a write that did not go through them).</summary>
    public Task RefreshAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(ids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) => await Call(id, async g => { await g.RefreshAsync(); return true; }));

    private async Task<T> Call<T>(Guid id, Func<INodeGrain, Task<T>> call)
    {
        try
        {
            return await call(grains.GetGrain<INodeGrain>(id));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            var message = ex.Message;
            var end = message.IndexOfAny(['\r', '\n']);
            throw new NodeManagerException(ErrorCode.Unavailable,
                $"node {id:D} could not be reached in the cluster ({ex.GetType().Name}: {(end < 0 ? message : message[..end])}); retry");
        }
    }
}
