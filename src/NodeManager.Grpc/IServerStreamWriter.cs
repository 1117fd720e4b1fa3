namespace NodeManager.Grpc;

/// <summary>The response stream of a server- or duplex-streaming handler.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}
