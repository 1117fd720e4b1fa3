namespace NodeManager.Grpc;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Handler to send requests with. Default: a <see cref="System.Net.Http.SocketsHttpHandler"/> built from these options.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. Default true.</summary>
    public bool DisposeHttpHandler { get; set; } = true;

    /// <summary>Open more HTTP/2 connections when a connection reaches the server's stream limit. Default true.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;

    /// <summary>Largest response message accepted, in bytes. Default 4 MiB; null = unlimited.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes. Default null (unlimited).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress request messages with gzip. Default false.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>HTTP/2 PING interval while calls are active and the connection is quiet. Default 60 s; <see cref="Timeout.InfiniteTimeSpan"/> disables.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a PING ack before closing the connection. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Clock for deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Every invalid value, with how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (MaxReceiveMessageSize is <= 0)
        {
            failures.Add($"{nameof(MaxReceiveMessageSize)} must be positive (bytes) or null for no limit; it is {MaxReceiveMessageSize}.");
        }

        if (MaxSendMessageSize is <= 0)
        {
            failures.Add($"{nameof(MaxSendMessageSize)} must be positive (bytes) or null for no limit; it is {MaxSendMessageSize}.");
        }

        if (KeepAlivePingDelay <= TimeSpan.Zero && KeepAlivePingDelay != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(KeepAlivePingDelay)} must be positive or Timeout.InfiniteTimeSpan; it is {KeepAlivePingDelay}.");
        }

        if (KeepAlivePingTimeout <= TimeSpan.Zero && KeepAlivePingTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{nameof(KeepAlivePingTimeout)} must be positive or Timeout.InfiniteTimeSpan; it is {KeepAlivePingTimeout}.");
        }

        if (TimeProvider is null)
        {
            failures.Add($"{nameof(TimeProvider)} must be set (default TimeProvider.System).");
        }

        return failures;
    }
}
