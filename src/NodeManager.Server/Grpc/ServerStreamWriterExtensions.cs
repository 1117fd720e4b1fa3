using Grpc.Core;

namespace NodeManager.Server.Grpc;

public static class ServerStreamWriterExtensions
{
    /// <summary>Writes every item of <paramref name="items"/> in order, each write awaited before the next item is taken.</summary>
    public static async Task WriteAllAsync<T>(this IServerStreamWriter<T> writer, IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(item, cancellationToken);
        }
    }
}
