using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Simulator.Tests.Agents;

/// <summary>
/// A request stream that behaves like Grpc.Net.Client's: a write started while another is pending fails
/// (counted here as <see cref="OverlappingWrites"/>), and so does completing then. Writes stay pending until
/// <see cref="FinishPendingAsync"/> or <see cref="FailPendingAsync"/>, unless <see cref="CompleteWritesAtOnce"/>.
/// Those complete the write on a pool thread (no synchronization context, as in the simulator), so the
/// continuations run inline and are done when the returned task is.
/// </summary>
internal sealed class FakeRequestStream : IClientStreamWriter<Heartbeat>
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _pending;

    public List<(ulong Seq, bool Goodbye)> Written { get; } = [];

    public int OverlappingWrites { get; private set; }

    public bool Completed { get; private set; }

    public bool CompleteWritesAtOnce { get; set; }

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(Heartbeat message)
    {
        lock (_gate)
        {
            if (_pending is { Task.IsCompleted: false } || Completed)
            {
                OverlappingWrites++;
                return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
            }

            Written.Add((message.Seq, message.Goodbye));
            if (CompleteWritesAtOnce)
            {
                return Task.CompletedTask;
            }

            _pending = new TaskCompletionSource();
            return _pending.Task;
        }
    }

    public Task CompleteAsync()
    {
        lock (_gate)
        {
            if (_pending is { Task.IsCompleted: false })
            {
                OverlappingWrites++;
                return Task.FromException(new InvalidOperationException("Can't complete the client stream writer because the previous write is in progress."));
            }

            Completed = true;
            return Task.CompletedTask;
        }
    }

    public Task FinishPendingAsync() => Task.Run(() => Pending().SetResult()).WaitAsync(TestTimeout.Default);

    public Task FailPendingAsync(Exception error) => Task.Run(() => Pending().SetException(error)).WaitAsync(TestTimeout.Default);

    private TaskCompletionSource Pending()
    {
        lock (_gate)
        {
            return _pending ?? throw new InvalidOperationException("no write is pending");
        }
    }
}
