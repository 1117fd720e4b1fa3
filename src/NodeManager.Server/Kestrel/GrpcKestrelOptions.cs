namespace NodeManager.Server.Kestrel;

/// <summary>
/// HTTP/2 limits for many long-lived gRPC streams, bound from <c>NodeManager:Grpc</c>. See Kestrel/README.md.
/// </summary>
public sealed class GrpcKestrelOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "NodeManager:Grpc";

    /// <summary>Concurrent streams per HTTP/2 connection. Default 10,000 (Kestrel's own default is 100).</summary>
    public int MaxStreamsPerConnection { get; set; } = 10_000;

    /// <summary>Connection-level receive window, bytes. Default 16 MiB; bounds buffered request data per connection.</summary>
    public int InitialConnectionWindowSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Per-stream receive window, bytes. Default 1 MiB.</summary>
    public int InitialStreamWindowSize { get; set; } = 1024 * 1024;

    /// <summary>Server PING interval on a connection with no frames received. Default 30 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection closed when a PING is not answered within this time. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Size of the transport's pooled buffer blocks, bytes (256–4096). Default 1024 (Kestrel uses 4096). Every stream with
    /// unread request data or an unsent response holds at least one block.
    /// </summary>
    public int BufferBlockSize { get; set; } = 1024;

    /// <summary>Idle buffer blocks are kept up to the highest number in use within this window. Default 30 s.</summary>
    public TimeSpan BufferPoolDemandWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every invalid value, with how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const int MinWindow = 65_535;
        var failures = new List<string>();
        if (MaxStreamsPerConnection < 1)
        {
            failures.Add($"{SectionName}:{nameof(MaxStreamsPerConnection)} must be at least 1; it is {MaxStreamsPerConnection}.");
        }

        if (InitialConnectionWindowSize < MinWindow)
        {
            failures.Add($"{SectionName}:{nameof(InitialConnectionWindowSize)} must be between {MinWindow} and {int.MaxValue} bytes; it is {InitialConnectionWindowSize}.");
        }

        if (InitialStreamWindowSize < MinWindow)
        {
            failures.Add($"{SectionName}:{nameof(InitialStreamWindowSize)} must be between {MinWindow} and {int.MaxValue} bytes; it is {InitialStreamWindowSize}.");
        }

        if (KeepAlivePingDelay <= TimeSpan.Zero && KeepAlivePingDelay != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{SectionName}:{nameof(KeepAlivePingDelay)} must be positive (e.g. 00:00:30) or -00:00:00.001 (infinite) to disable; it is {KeepAlivePingDelay}.");
        }

        if (KeepAlivePingTimeout <= TimeSpan.Zero && KeepAlivePingTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{SectionName}:{nameof(KeepAlivePingTimeout)} must be positive (e.g. 00:00:20); it is {KeepAlivePingTimeout}.");
        }

        if (BufferBlockSize is < 256 or > 4096)
        {
            failures.Add($"{SectionName}:{nameof(BufferBlockSize)} must be between 256 and 4096 bytes; it is {BufferBlockSize}.");
        }

        if (BufferPoolDemandWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{SectionName}:{nameof(BufferPoolDemandWindow)} must be at least 00:00:01; it is {BufferPoolDemandWindow}.");
        }

        return failures;
    }
}
