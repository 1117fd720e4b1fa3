using Grpc.Core;

namespace NodeManager.Server.Tests.Changes;

public static class WatchStreams
{
    /// <summary>Up to <paramref name="count"/> messages (fewer if the stream ends), within 20 s.</summary>
    public static async Task<List<T>> TakeAsync<T>(IAsyncStreamReader<T> stream, int count)
    {
        var items = new List<T>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (items.Count < count && await stream.MoveNext(timeout.Token))
        {
            items.Add(stream.Current);
        }

        return items;
    }
}
