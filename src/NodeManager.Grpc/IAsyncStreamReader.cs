namespace NodeManager.Grpc;

/// <summary>Reads a stream of messages; <see cref="MoveNext"/> returns false at the end.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
