using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using NodeManager.Contracts.V1;

namespace NodeManager.Simulator.Measure;

/// <summary>
/// Follows <c>WatchNodeHealth</c> from a listed revision (so nothing is missed), and after a broken stream
/// (e.g. a server restart) resumes after the last revision seen. Every event is kept with the time it arrived.
/// </summary>
public sealed class HealthWatch(GrpcChannel channel) : IAsyncDisposable
{
    private readonly HealthService.HealthServiceClient _health = new(channel);
    private readonly List<WatchedTransition> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private long _lastRevision;
    private long _resumes;
    private Task _loop = Task.CompletedTask;

    public int Count
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Events from position <paramref name="start"/> on (a copy).</summary>
    public List<WatchedTransition> Since(int start)
    {
        lock (_events)
        {
            return start >= _events.Count ? [] : _events.GetRange(start, _events.Count - start);
        }
    }

    public long Resumes => Interlocked.Read(ref _resumes);

    /// <summary>Lists (page size 1) for the current revision, then follows from it. Returns once the revision is known.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _lastRevision = await CurrentRevisionAsync(channel, ct);
        _loop = Task.Run(() => FollowAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The change feed's head revision; retried (5 attempts) because a loaded server may be slow to accept a connection.</summary>
    public static async Task<long> CurrentRevisionAsync(GrpcChannel channel, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await new HealthService.HealthServiceClient(channel).ListNodeHealthAsync(new ListNodeHealthRequest { PageSize = 1 },
                    deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct)).Revision;
            }
            catch (RpcException) when (attempt < 5 && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var call = _health.WatchNodeHealth(
                    new WatchNodeHealthRequest { AfterRevision = Interlocked.Read(ref _lastRevision) }, cancellationToken: ct);
                while (await call.ResponseStream.MoveNext(ct))
                {
                    var e = call.ResponseStream.Current;
                    Interlocked.Exchange(ref _lastRevision, e.Revision);
                    var seen = new WatchedTransition(e.Health.NodeId, e.Health.Status, e.Health.DecidedBy, e.Revision, Stopwatch.GetTimestamp(),
                        e.Health.LastTransitionTime?.ToDateTimeOffset());
                    lock (_events)
                    {
                        _events.Add(seen);
                    }
                }
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // The server went away or cut us off as slow: resume after the last revision seen.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RpcException) when (ct.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _resumes);
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
