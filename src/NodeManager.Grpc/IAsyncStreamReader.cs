namespace NodeManager.Grpc;

/// <summary>Reads a stream of messages; <see cref="MoveNext"/> returns false at the end.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="MoveNext"/>, for long-lived streams read in a loop: the server's request streams
    /// implement it without allocating per message, so a message that waits seconds for the next one
    /// leaves nothing behind for the garbage collector to promote.
    /// </summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default) => new(MoveNext(cancellationToken));
}
