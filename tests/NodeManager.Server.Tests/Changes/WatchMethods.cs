using NodeManager.Contracts.V1;
using NodeManager.Grpc;

namespace NodeManager.Server.Tests.Changes;

public static class WatchMethods
{
    public static readonly Method<WatchNodesRequest, NodeEvent> WatchNodes = new("nodemanager.v1.NodeService", "WatchNodes", NodeEvent.Parser, MethodType.ServerStreaming);
    public static readonly Method<ListNodesRequest, ListNodesResponse> List = new("nodemanager.v1.NodeService", "ListNodes", ListNodesResponse.Parser);

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
