using Grpc.Core;
using NodeManager.Simulator.Agents;
using NodeManager.Simulator.Measure;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.Agents;

/// <summary>One write in flight per stream; beats due meanwhile are queued (one) or skipped, never written over a pending write.</summary>
public sealed class HeartbeatWriterTests
{
    private readonly FleetCounters _counters = new();
    private readonly FakeRequestStream _stream = new();
    private readonly HeartbeatWriter _writer;

    public HeartbeatWriterTests()
    {
        var agent = new SimAgent(0, "node-1", _counters, new IntervalBox(TimeSpan.FromSeconds(1)));
        _writer = new HeartbeatWriter(agent, _stream, _counters);
    }

    [Fact]
    public void Beat_IdleStream_WritesAtOnce()
    {
        Assert.True(_writer.Beat(100));

        Assert.Equal([(1UL, false)], _stream.Written);
        Assert.Equal(1, _counters.Snapshot().Sent);
    }

    [Fact]
    public async Task Beat_WhileWritePending_QueuedAndWrittenWhenThePendingWriteCompletes()
    {
        _writer.Beat(100);
        Assert.True(_writer.Beat(200));
        Assert.Single(_stream.Written);

        await _stream.FinishPendingAsync();

        Assert.Equal([(1UL, false), (2UL, false)], _stream.Written);
        Assert.Equal(0, _stream.OverlappingWrites);
        Assert.Equal((2L, 0L, 0L), (_counters.Snapshot().Sent, _counters.Snapshot().Skipped, _counters.Snapshot().SendErrors));
    }

    [Fact]
    public async Task Beat_WhileOneIsQueued_CountedSkippedAndNotWritten()
    {
        _writer.Beat(100);
        _writer.Beat(200);
        _writer.Beat(300);

        await _stream.FinishPendingAsync();
        await _stream.FinishPendingAsync();

        Assert.Equal(2, _stream.Written.Count);
        Assert.Equal(0, _stream.OverlappingWrites);
        Assert.Equal(1, _counters.Snapshot().Skipped);
        Assert.True(_writer.Beat(400));
        Assert.Equal(3, _stream.Written.Count);
    }

    [Fact]
    public void Beat_WritesCompletingSynchronously_EachBeatWrittenOnce()
    {
        _stream.CompleteWritesAtOnce = true;

        for (var i = 1; i <= 3; i++)
        {
            Assert.True(_writer.Beat(i));
        }

        Assert.Equal([1UL, 2UL, 3UL], _stream.Written.Select(w => w.Seq));
    }

    [Fact]
    public async Task Beat_PendingWriteFails_OneSendErrorAndLaterBeatsRefused()
    {
        _writer.Beat(100);
        _writer.Beat(200);

        await _stream.FailPendingAsync(new RpcException(new Status(StatusCode.Unavailable, "reset")));

        Assert.Equal(1, _counters.Snapshot().SendErrors);
        Assert.False(_writer.Beat(300));
        Assert.Single(_stream.Written);
    }

    [Fact]
    public async Task Close_WhileWritePending_TheWriteFailingIsNoSendError()
    {
        _writer.Beat(100);
        _writer.Close();

        await _stream.FailPendingAsync(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")));

        Assert.Equal(0, _counters.Snapshot().SendErrors);
        Assert.False(_writer.Beat(200));
    }

    [Fact]
    public async Task GoodbyeAsync_WhileWritePending_WaitsForItDropsTheQueuedBeatThenGoodbyeAndEndOfStream()
    {
        _writer.Beat(100);
        _writer.Beat(200);
        var goodbye = _writer.GoodbyeAsync(TestTimeout.Default);
        Assert.False(goodbye.IsCompleted);

        _stream.CompleteWritesAtOnce = true;
        await _stream.FinishPendingAsync();
        await goodbye.WaitAsync(TestTimeout.Default);

        Assert.Equal([(1UL, false), (2UL, true)], _stream.Written);
        Assert.True(_stream.Completed);
        Assert.Equal(0, _stream.OverlappingWrites);
        Assert.False(_writer.Beat(300));
    }

    [Fact]
    public async Task GoodbyeAsync_AfterTheStreamFailed_Throws()
    {
        _writer.Beat(100);
        await _stream.FailPendingAsync(new RpcException(new Status(StatusCode.Unavailable, "reset")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.GoodbyeAsync(TestTimeout.Default).WaitAsync(TestTimeout.Default));
        Assert.False(_stream.Completed);
    }
}
