using NodeManager.Core.Health;
using NodeManager.Core.Storage;
using NodeManager.Server.Cluster;
using NodeManager.Server.Health;

namespace NodeManager.Server.Fleet;

/// <summary>
/// Computes the fleet summary from memory (the health registry, the cluster's conditions, Orleans' membership) and
/// keeps it for <see cref="MaxAge"/>: ten open dashboards polling every few seconds cost one count per period, and
/// callers that arrive while a count runs share it.
/// </summary>
public sealed partial class FleetSummaryService(
    HealthRegistry registry,
    ClusterHealth cluster,
    HealthPolicy policy,
    MembershipStoreMonitor membershipStore,
    IChangeFeed feed,
    FleetSilos silos,
    DashboardLink dashboard,
    TimeProvider time,
    ILogger<FleetSummaryService> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1.5);

    private readonly Lock _gate = new();
    private Task<FleetSummary>? _current;
    private DateTimeOffset _startedAt;

    public Task<FleetSummary> GetAsync(CancellationToken cancellationToken)
    {
        Task<FleetSummary> current;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_current is null || _current.IsFaulted || _current.IsCanceled || (_current.IsCompleted && now - _startedAt >= MaxAge))
            {
                _startedAt = now;
                _current = ComputeAsync(now);
            }

            current = _current;
        }

        return current.WaitAsync(cancellationToken);
    }

    private async Task<FleetSummary> ComputeAsync(DateTimeOffset now)
    {
        // Read first: an event after it is newer than the counts, so a watch from this revision misses nothing.
        var revision = (await feed.GetRevisionRangeAsync(CancellationToken.None)).Head;
        var counts = FleetCounts.Of(registry.Entries);
        var conditions = Conditions(now);
        IReadOnlyList<SiloSummary> siloList;
        try
        {
            siloList = await silos.ListAsync(now).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSilosUnavailable(logger, ex);
            siloList = [];
            conditions.Add(new FleetCondition("SiloListUnavailable", true, $"the cluster's membership could not be read: {ex.Message}", now));
        }

        return new FleetSummary(now, revision, counts.Total, counts.Health, counts.Lifecycle, counts.Racks, conditions, siloList, dashboard);
    }

    private List<FleetCondition> Conditions(DateTimeOffset now)
    {
        var guard = cluster.Guard;
        var conditions = new List<FleetCondition>
        {
            new(DisruptionGuard.ConditionType, guard.Active,
                guard.Active ? guard.Message : cluster.Withhold ? "cleared less than a grace period ago; NOT_READY/DOWN verdicts are still withheld" : guard.Message,
                guard.Since == DateTimeOffset.MinValue ? null : guard.Since),
        };

        var holding = registry.InStartupGrace(now, policy);
        conditions.Add(new FleetCondition("StartupGrace", holding,
            holding ? $"started {(now - registry.StartedAt).TotalSeconds:0} s ago; {registry.AwaitedSinceStart} of {registry.ReadyAtStart} nodes READY at the start not heard from yet: verdicts are held"
                : "",
            registry.StartedAt));
        var problem = membershipStore.Problem;
        conditions.Add(new FleetCondition("MembershipStoreUnreachable", problem is not null, problem ?? "", null));
        return conditions;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The fleet summary could not list the cluster's silos")]
    private static partial void LogSilosUnavailable(ILogger logger, Exception exception);
}
