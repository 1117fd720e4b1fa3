namespace NodeManager.Grpc;

/// <summary>
/// Readiness probes for <c>grpc.health.v1.Health</c>, per service name; <c>""</c> is the whole server.
/// With no probe registered, <c>""</c> reports SERVING while the process is up.
/// </summary>
public sealed class GrpcHealthOptions
{
    /// <summary>Probe per service name (ordinal). A probe returns true when the service can serve.</summary>
    public Dictionary<string, Func<CancellationToken, Task<bool>>> Probes { get; } = new(StringComparer.Ordinal);

    /// <summary>How often Watch re-runs the probe. Default 5 s; at least 10 ms.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A probe that takes longer is NOT_SERVING. Default 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Registers (or replaces) the probe of <paramref name="service"/>.</summary>
    public GrpcHealthOptions AddProbe(string service, Func<CancellationToken, Task<bool>> probe)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(probe);
        Probes[service] = probe;
        return this;
    }
}
