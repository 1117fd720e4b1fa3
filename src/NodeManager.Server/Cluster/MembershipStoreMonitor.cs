using StackExchange.Redis;

namespace NodeManager.Server.Cluster;

/// <summary>
/// Watches the cluster's membership store (Redis) from beside Orleans, every few seconds. While it is away
/// the silos keep serving reads and heartbeats (they know each other already), but no silo can join, leave or
/// be declared dead: <c>/readyz</c> says so, and the log says when it went and came back. A standalone silo
/// has no such store.
/// </summary>
public sealed partial class MembershipStoreMonitor(SiloOptions silo, IConfiguration configuration, ILogger<MembershipStoreMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private ConnectionMultiplexer? _redis;

    /// <summary>Null while the store answers (or there is none); otherwise what is wrong, for <c>/readyz</c>.</summary>
    public string? Problem { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.Equals(silo.ClusteringProvider, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var address = configuration["Orleans:Clustering:ConnectionString"] ?? "";
        var options = ConfigurationOptions.Parse(address);
        options.AbortOnConnectFail = false; // keep trying in the background; a ping says whether it is there
        options.ConnectTimeout = 2_000;
        options.AsyncTimeout = 2_000;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        using var timer = new PeriodicTimer(Period);
        do
        {
            string? problem = null;
            try
            {
                await _redis.GetDatabase().PingAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                problem = $"the cluster's membership store (Redis at '{address}') is unreachable: silos keep serving, but none can join, leave or be declared dead";
            }

            if (problem != Problem)
            {
                Problem = problem;
                if (problem is null)
                {
                    LogBack(logger, address);
                }
                else
                {
                    LogAway(logger, address);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "The cluster's membership store (Redis at {Address}) is unreachable: this silo keeps serving, but no silo can join, leave or be declared dead until it is back")]
    private static partial void LogAway(ILogger logger, string address);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "The cluster's membership store (Redis at {Address}) answers again")]
    private static partial void LogBack(ILogger logger, string address);
}
