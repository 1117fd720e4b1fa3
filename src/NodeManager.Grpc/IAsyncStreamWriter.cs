namespace NodeManager.Grpc;

/// <summary>Writes a stream of messages. One write at a time.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
