using Grpc.Core;
using Microsoft.Extensions.Logging;
using NodeManager.Agent.Hosting;
using NodeManager.Agent.Registration;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Heartbeats;

/// <summary>
/// One <c>StreamHeartbeats</c> call: heartbeats at the interval the acks direct, until the agent stops
/// (final heartbeat with goodbye, then the stream is completed) or the stream fails (the exception
/// escapes to the caller, which reconnects; the server's UNAVAILABLE on shutdown is such a failure).
/// The interval and seq carry over to the next stream. One writer: each write is awaited before the
/// next, as Grpc.Net.Client flushes every write and refuses a second one while the first is pending.
/// </summary>
public sealed partial class HeartbeatSession(
    ServerEndpoints endpoints,
    HeartbeatBuilder builder,
    AgentOptions options,
    TimeProvider time,
    ILogger<HeartbeatSession> logger)
{
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(5);

    private TaskCompletionSource _intervalChanged = NewSignal();
    private long _lastAckAt;

    public TimeSpan Interval { get; private set; } = options.InitialHeartbeatInterval;

    public ulong Seq { get; private set; }

    public HealthStatus LastStatus { get; private set; }

    /// <summary>Streams to the current endpoint until <paramref name="stopping"/> fires (returns after the goodbye) or the stream fails (throws).</summary>
    public async Task RunAsync(string nodeId, Action onAck, CancellationToken stopping)
    {
        var server = endpoints.Current;
        using var callCts = new CancellationTokenSource();
        using var call = server.Health.StreamHeartbeats(cancellationToken: callCts.Token);
        var acks = ReadAcksAsync(call.ResponseStream, onAck);
        _lastAckAt = time.GetTimestamp();
        LogStreamOpened(logger, nodeId, server.Address, Interval);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await call.RequestStream.WriteAsync(builder.Build(nodeId, ++Seq), callCts.Token);
                await WaitForNextAsync(acks, stopping);
            }

            await SayGoodbyeAsync(call, acks, nodeId);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // A failed write says little (Grpc.Net.Client reports a broken stream as an RpcException too, often
            // CANCELLED); the status the server ended the call with (e.g. NOT_FOUND) says what to do.
            if (await StatusOfAsync(acks) is { } status && status != ex)
            {
                throw status;
            }

            throw;
        }
        finally
        {
            await callCts.CancelAsync();
            await acks.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task WaitForNextAsync(Task acks, CancellationToken stopping)
    {
        var sentAt = time.GetTimestamp();
        while (true)
        {
            var remaining = Interval - time.GetElapsedTime(sentAt);
            if (remaining <= TimeSpan.Zero || stopping.IsCancellationRequested)
            {
                return;
            }

            var changed = _intervalChanged.Task;
            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = Task.Delay(remaining, time, delayCts.Token);
            await Task.WhenAny(delay, changed, acks);
            await delayCts.CancelAsync();
            if (acks.IsCompleted)
            {
                await acks;
                throw new IOException("the server ended the heartbeat stream");
            }

            var silence = time.GetElapsedTime(_lastAckAt);
            if (silence > 3 * Interval + options.CallTimeout)
            {
                throw new TimeoutException($"no heartbeat ack for {silence.TotalSeconds:0.#} s");
            }
        }
    }

    private async Task ReadAcksAsync(IAsyncStreamReader<HeartbeatAck> responses, Action onAck)
    {
        while (await responses.MoveNext(CancellationToken.None))
        {
            var ack = responses.Current;
            _lastAckAt = time.GetTimestamp();
            if (ack.Status != LastStatus)
            {
                LogStatus(logger, ack.Status, ack.Seq);
                LastStatus = ack.Status;
            }

            if (ack.Interval?.ToTimeSpan() is { } interval && interval > TimeSpan.Zero && interval != Interval)
            {
                LogInterval(logger, interval);
                Interval = interval;
                Interlocked.Exchange(ref _intervalChanged, NewSignal()).TrySetResult();
            }

            onAck();
        }
    }

    private async Task SayGoodbyeAsync(AsyncDuplexStreamingCall<Heartbeat, HeartbeatAck> call, Task acks, string nodeId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(GoodbyeTimeout);
            await call.RequestStream.WriteAsync(builder.Build(nodeId, ++Seq, goodbye: true), timeout.Token);
            await call.RequestStream.CompleteAsync().WaitAsync(GoodbyeTimeout);
            await acks.WaitAsync(GoodbyeTimeout);
            LogGoodbye(logger, nodeId, Seq);
        }
        catch (Exception ex) when (ex is RpcException or IOException or TimeoutException or OperationCanceledException or HttpRequestException)
        {
            LogGoodbyeFailed(logger, nodeId, ex);
        }
    }

    private static async Task<RpcException?> StatusOfAsync(Task acks)
    {
        try
        {
            await acks.WaitAsync(TimeSpan.FromSeconds(1));
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Heartbeat stream of node {NodeId} open to {Server} (interval {Interval})")]
    private static partial void LogStreamOpened(ILogger logger, string nodeId, Uri server, TimeSpan interval);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Server says the node is {Status} (ack of seq {Seq})")]
    private static partial void LogStatus(ILogger logger, HealthStatus status, ulong seq);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Server set the heartbeat interval to {Interval}")]
    private static partial void LogInterval(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Said goodbye for node {NodeId} (seq {Seq})")]
    private static partial void LogGoodbye(ILogger logger, string nodeId, ulong seq);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Goodbye for node {NodeId} did not complete; the server will notice the closed stream")]
    private static partial void LogGoodbyeFailed(ILogger logger, string nodeId, Exception exception);
}
