using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// The server's warnings and errors, captured by a logger provider added to the running host's
/// <see cref="ILoggerFactory"/> (<see cref="Infrastructure.ServerInstance"/> has no hook for services;
/// <c>AddProvider</c> reaches the loggers already created as well as later ones).
/// </summary>
public sealed class ServerLogCapture : ILoggerProvider
{
    /// <summary>Grpc.AspNetCore's category for a call that failed in its handler (reading the request included).</summary>
    private const string CallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    /// <summary>Kestrel's message for a read of a request body the client reset (RST_STREAM).</summary>
    private const string ClientReset = "The client reset the request stream.";

    /// <summary>Grpc.AspNetCore's message for a read of a request stream whose call has ended (or was reset).</summary>
    private const string ReadAfterEnd = "Can't read messages after the request is complete.";

    private readonly List<LogEntry> _entries = [];

    /// <summary>How many entries were captured so far: a mark to take at the start of a test.</summary>
    public int Mark()
    {
        lock (_entries)
        {
            return _entries.Count;
        }
    }

    public static ServerLogCapture AttachTo(IServiceProvider services)
    {
        var capture = new ServerLogCapture();
        services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    /// <summary>
    /// Errors other than the stock server's reports of a malformed request or a client reset. Grpc.AspNetCore logs
    /// these at Error, as a failure of the handler, and answers UNKNOWN (or nothing, after a reset): a frame it cannot
    /// read (<see cref="InvalidDataException"/>: a bad flag or bad gzip data; <see cref="IOException"/> "Message too
    /// large: N" for a length over int.MaxValue), a message it cannot parse (<see cref="InvalidProtocolBufferException"/>),
    /// and Kestrel's <see cref="IOException"/> "The client reset the request stream." when the reset reaches the read
    /// before the call's token is cancelled (only then is it logged at Information). The stock reflection service reads
    /// without the call's token, so a reset between two requests fails its next read with an
    /// <see cref="InvalidOperationException"/> (our StreamHeartbeats passes the token and gets an Information entry).
    /// Anything else at Error is unexpected.
    /// </summary>
    public IReadOnlyList<LogEntry> UnexpectedErrorsSince(int mark) => EntriesSince(mark).Where(e => e.Level >= LogLevel.Error && !IsExpected(e)).ToList();

    /// <summary>Warnings and errors captured since <paramref name="mark"/>.</summary>
    public IReadOnlyList<LogEntry> EntriesSince(int mark)
    {
        lock (_entries)
        {
            return _entries.Skip(mark).ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private static bool IsExpected(LogEntry entry) =>
        entry.Category == CallHandlerCategory && entry.Exception switch
        {
            InvalidDataException or InvalidProtocolBufferException => true,
            IOException io => io.Message.StartsWith("Message too large", StringComparison.Ordinal)
                || (io.Message == ClientReset && !entry.Message.Contains("'StreamHeartbeats'", StringComparison.Ordinal)), // a reset heartbeat stream is a broken stream, never an error
            InvalidOperationException op => op.Message == ReadAfterEnd && entry.Message.Contains("'ServerReflectionInfo'", StringComparison.Ordinal),
            _ => false,
        };

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message} {Exception?.GetType().Name}: {Exception?.Message}";
    }

    private sealed class CapturingLogger(ServerLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var entry = new LogEntry(category, logLevel, eventId, formatter(state, exception), exception);
                lock (owner._entries)
                {
                    owner._entries.Add(entry);
                }
            }
        }
    }
}
